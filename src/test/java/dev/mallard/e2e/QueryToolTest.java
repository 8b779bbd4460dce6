package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryToolTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        server = TestMallard.builder()
                .database("demo", TestData.demo())
                .database(ExtraDatabase.NAME, ExtraDatabase.create(directory))
                .start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void selectReturnsColumnsRowsAndCounts() {
        var result = query(client, "SELECT 42 AS answer, 'duck' AS name");
        Map<String, Object> content = structured(result);
        assertThat(content.get("columns")).isEqualTo(List.of(Map.of("name", "answer", "type", "INTEGER"),
                Map.of("name", "name", "type", "VARCHAR")));
        assertThat(rows(result)).containsExactly(List.of(42, "duck"));
        assertThat(content).containsEntry("row_count", 1).containsEntry("truncated", false)
                .containsEntry("total_rows", 1);
    }

    @Test
    void deleteIsRefusedOnAReadOnlyServer() {
        assertThat(error(query(client, "DELETE FROM orders"))).contains("read-only");
    }

    @Test
    void textContentRepeatsTheRowsCompactly() {
        assertThat(text(query(client, "SELECT 42 AS answer, 'duck' AS name")))
                .isEqualTo("1 row · columns: answer INTEGER, name VARCHAR\n[42,\"duck\"]");
    }

    @Test
    void queryRunsInTheDatabaseNamedByTheDatabaseArgument() {
        assertThat(rows(call(client, "query", "sql", "SELECT count(*) AS n FROM events", "database", "extra")))
                .containsExactly(List.of(100));
        assertThat(rows(call(client, "query", "sql", "SELECT current_database()", "database", "extra")))
                .containsExactly(List.of("extra"));
        assertThat(rows(query(client, "SELECT current_database()"))).containsExactly(List.of("demo"));
    }

    @Test
    void tablesOfTheOtherDatabaseNeedTheirDatabaseName() {
        assertThat(error(query(client, "SELECT count(*) FROM events"))).contains("events");
        assertThat(rows(query(client, "SELECT count(*) FROM extra.events"))).containsExactly(List.of(100));
        assertThat(rows(query(client, "SELECT count(*) FROM extra.main.events"))).containsExactly(List.of(100));
    }

    @Test
    void queryJoinsTablesOfTwoDatabases() {
        var result = query(client, """
                SELECT e.kind, count(*) AS events, count(DISTINCT c.country) > 0 AS has_country
                FROM extra.main.events e JOIN demo.main.customers c USING (customer_id)
                GROUP BY ALL ORDER BY e.kind""");
        assertThat(rows(result)).containsExactly(
                List.of("click", 33, true),
                List.of("purchase", 33, true),
                List.of("view", 34, true));
        assertThat(rows(call(client, "query", "database", "extra", "sql",
                "SELECT count(*) FROM events e JOIN demo.orders o ON o.customer_id = e.customer_id")))
                .containsExactly(List.of(((Number) rows(query(client,
                        "SELECT count(*) FROM orders WHERE customer_id BETWEEN 1 AND 100")).get(0).get(0)).intValue()));
    }

    @Test
    void unknownDatabaseSuggestsTheClosestName() {
        assertThat(error(call(client, "query", "sql", "SELECT 1", "database", "dmeo")))
                .isEqualTo("Database 'dmeo' not found. Did you mean 'demo'?");
        assertThat(error(call(client, "query", "sql", "SELECT 1", "database", "warehouse")))
                .isEqualTo("Database 'warehouse' not found. Available: demo, extra.");
    }

    @Test
    void showTablesListsTheTablesOfTheChosenDatabase() {
        assertThat(rows(call(client, "query", "sql", "SHOW TABLES", "database", "extra")))
                .containsExactly(List.of("events"), List.of("recent_events"));
        assertThat(rows(query(client, "SHOW TABLES"))).hasSize(4);
    }

    @Test
    void trailingSemicolonAndCommentsAreFine() {
        assertThat(rows(query(client, "SELECT 42 AS answer;"))).containsExactly(List.of(42));
        assertThat(rows(query(client, "-- the answer\nSELECT 42 /* really */ AS answer"))).containsExactly(List.of(42));
        assertThat(rows(query(client, "FROM products SELECT count(*)"))).containsExactly(List.of(1_000));
    }

    @Test
    void databaseArgumentIsCaseInsensitive() {
        assertThat(rows(call(client, "query", "sql", "SELECT count(*) FROM events", "database", "EXTRA")))
                .containsExactly(List.of(100));
    }

    @Test
    void sqlErrorsComeBackAsErrorResultsWithDuckDbsMessage() {
        assertThat(error(query(client, "SELECT nope FROM orders"))).contains("nope").contains("Binder Error");
        assertThat(error(query(client, "SELEC 1"))).startsWith("Parser Error: ").contains("SELEC");
    }

    /** Classification is cached per shape (numbers masked): texts alike but for numbers each get their own answer. */
    @Test
    void statementsThatDifferOnlyInNumbersAreEachAnsweredForThemselves() {
        for (int id = 1; id <= 3; id++) {
            assertThat(rows(query(client, "SELECT order_id FROM orders WHERE order_id = " + id)))
                    .containsExactly(List.of(id));
        }
        assertThat(error(query(client, "SELECT 1 FROM orders WHERE order_id = 7 ANDD 1"))).startsWith("Parser Error: ")
                .contains("LINE 1: SELECT 1 FROM orders WHERE order_id = 7 ANDD 1");
        assertThat(error(query(client, "SELECT 2 FROM orders WHERE order_id = 8 ANDD 2")))
                .contains("LINE 1: SELECT 2 FROM orders WHERE order_id = 8 ANDD 2");
        assertThat(error(query(client, "SELECT 1; SELECT 2"))).contains("2 statements");
        assertThat(error(query(client, "SELECT 3; SELECT 4"))).contains("2 statements");
        assertThat(error(query(client, "SELECT 5 FROM checkpoint()"))).contains("checkpoint()");
        assertThat(error(query(client, "SELECT 6 FROM checkpoint()"))).contains("checkpoint()");
        assertThat(error(query(client, "SELECT * FROM query('SELECT 7 FROM checkpoint()')"))).contains("checkpoint()");
        assertThat(rows(query(client, "SELECT * FROM query('SELECT 7')"))).containsExactly(List.of(7));
        assertThat(error(query(client, "SELECT * FROM query('SELECT 8 FROM checkpoint()')"))).contains("checkpoint()");
    }

    /** A text that comes again runs as a prepared statement kept on the connection: same answers, same errors. */
    @Test
    void aRepeatedQueryAnswersAndFailsAsTheFirstTime() {
        for (int run = 0; run < 4; run++) {
            assertThat(rows(query(client, "SELECT order_id FROM orders WHERE order_id = 2"))).containsExactly(List.of(2));
            assertThat(error(query(client, "SELECT error('kept failure')"))).contains("kept failure");
            assertThat(error(query(client, "SELECT * FROM no_such_table"))).contains("no_such_table");
            assertThat(error(query(client, "SELECT ? AS asked"))).isEqualTo(error(query(client, "SELECT ? AS asked")));
        }
    }

    /** DuckDB lists a connection's prepared statements with their SQL: on shared connections, other callers' SQL. */
    @Test
    void theListOfPreparedStatementsIsRefused() {
        query(client, "SELECT 'a literal of someone else' AS secret");
        query(client, "SELECT 'a literal of someone else' AS secret");
        for (String sql : List.of("SELECT * FROM duckdb_prepared_statements()",
                "SELECT statement FROM system.main.duckdb_prepared_statements()",
                "SELECT * FROM query('SELECT * FROM duckdb_prepared_statements()')")) {
            assertThat(error(query(client, sql))).contains("duckdb_prepared_statements()")
                    .contains("other callers").doesNotContain("a literal of someone else");
        }
    }

    @Test
    void severalStatementsAreRefused() {
        assertThat(error(query(client, "SELECT 1; SELECT 2"))).contains("2 statements").contains("one per call");
    }

    @Test
    void writesThroughQueryAreRefusedWhateverTheStatement() {
        assertThat(error(query(client, "CREATE TABLE t AS SELECT 1"))).contains("read-only");
        assertThat(error(query(client, "ATTACH ':memory:' AS other"))).contains("read-only");
        assertThat(error(call(client, "query", "sql", "DROP TABLE events", "database", "extra")))
                .contains("read-only");
        assertThat(rows(call(client, "query", "sql", "SELECT count(*) FROM events", "database", "extra")))
                .containsExactly(List.of(100));
    }
}
