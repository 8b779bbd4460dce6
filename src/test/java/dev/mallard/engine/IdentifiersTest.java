package dev.mallard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void keywordListMatchesTheBundledDuckDb() throws SQLException {
        Set<String> keywords = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT DISTINCT keyword_name FROM duckdb_keywords() WHERE keyword_category <> 'unreserved'")) {
            while (rs.next()) {
                keywords.add(rs.getString(1));
            }
        }
        assertThat(Identifiers.KEYWORDS).containsExactlyInAnyOrderElementsOf(keywords);
    }

    @Test
    void plainNamesStayBareAndOthersAreQuoted() {
        assertThat(Identifiers.quoteIfNeeded("orders")).isEqualTo("orders");
        assertThat(Identifiers.quoteIfNeeded("name")).isEqualTo("name");
        assertThat(Identifiers.quoteIfNeeded("order")).isEqualTo("\"order\"");
        assertThat(Identifiers.quoteIfNeeded("left")).isEqualTo("\"left\"");
        assertThat(Identifiers.quoteIfNeeded("time")).isEqualTo("\"time\"");
        assertThat(Identifiers.quoteIfNeeded("Orders")).isEqualTo("\"Orders\"");
        assertThat(Identifiers.quoteIfNeeded("my \"quoted\" name")).isEqualTo("\"my \"\"quoted\"\" name\"");
        assertThat(Identifiers.qualify("order", "main", "group")).isEqualTo("\"order\".main.\"group\"");
    }

    @Test
    void quotedNamesSplitBackIntoTheirParts() {
        assertThat(Identifiers.split(Identifiers.qualify("order", "Sales Data", "a.b")))
                .isEqualTo(List.of("order", "Sales Data", "a.b"));
    }
}
