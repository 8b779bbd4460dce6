package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Access;
import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Columns flagged PII come back masked for a key without the pii scope, however the query reads them. */
class PiiMaskingTest {
    private static final String RAW = "alice@example.com";
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static McpSyncClient masked;
    private static McpSyncClient raw;
    private static McpSyncClient writer;

    @BeforeAll
    static void start() {
        Path shop = TestData.database(directory, "shop.duckdb",
                "CREATE TABLE customers (id INTEGER, email VARCHAR, name VARCHAR)",
                "INSERT INTO customers VALUES (1, 'alice@example.com', 'Alice'), (2, 'bob@example.org', 'Bob')",
                "CREATE TABLE orders (id INTEGER, customer_id INTEGER, email VARCHAR)",
                "INSERT INTO orders VALUES (10, 1, 'alice@example.com'), (11, 2, 'bob@example.org')",
                "CREATE VIEW customer_view AS SELECT * FROM customers");
        server = TestMallard.builder().database("shop", shop).readWrite()
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start();
        var users = server.mallard().users();
        users.add("alice", Optional.empty(), false);
        users.grant("alice", "shop", Access.WRITE);
        ApiKeys keys = server.mallard().apiKeys();
        McpSyncClient annotator = server.client(keys.create("alice", Set.of(Scope.READ, Scope.ANNOTATE),
                Optional.empty(), Optional.empty()).secret());
        call(annotator, "annotate", "table", "customers", "column", "email", "pii", true);
        call(annotator, "annotate", "table", "orders", "column", "email", "pii", true);
        masked = server.client(keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret());
        writer = server.client(keys.create("alice", Set.of(Scope.READ, Scope.WRITE), Optional.empty(),
                Optional.empty()).secret());
        raw = server.client(keys.create("alice", Set.of(Scope.READ, Scope.PII), Optional.empty(), Optional.empty())
                .secret());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<List<Object>> query(McpSyncClient client, String sql) {
        return rows(call(client, "query", "sql", sql));
    }

    private static String first(McpSyncClient client, String sql) {
        return String.valueOf(query(client, sql).getFirst().getFirst());
    }

    @Test
    void aKeyWithThePiiScopeSeesRawValues() {
        assertThat(first(raw, "SELECT email FROM customers WHERE id = 1")).isEqualTo(RAW);
    }

    @Test
    void aKeyWithoutThePiiScopeSeesAStableHash() {
        String email = first(masked, "SELECT email FROM customers WHERE id = 1");
        assertThat(email).startsWith("pii:").hasSize(16).isNotEqualTo(RAW);
        assertThat(first(masked, "SELECT email FROM customers WHERE id = 1")).isEqualTo(email);
        assertThat(query(masked, "SELECT id, name FROM customers ORDER BY id").getFirst()).containsExactly(1, "Alice");
    }

    @Test
    void functionsCastsAndAggregatesSeeOnlyTheMaskedValue() {
        for (String sql : List.of("SELECT lower(email) FROM customers", "SELECT CAST(email AS BLOB)::VARCHAR FROM customers",
                "SELECT string_agg(email, ',') FROM customers", "SELECT regexp_extract(email, '(.*)@', 1) FROM customers",
                "WITH c AS (SELECT * FROM customers) SELECT email FROM c", "SELECT * FROM customers",
                "SELECT (SELECT max(email) FROM customers) AS e", "SELECT email FROM customers UNION ALL SELECT email "
                        + "FROM orders", "SELECT first_value(email) OVER (ORDER BY id) FROM customers",
                "SELECT x.e FROM (SELECT upper(email) AS e FROM main.customers) x", "FROM shop.main.customers c")) {
            assertThat(query(masked, sql).toString()).as(sql).doesNotContain("alice").doesNotContain("ALICE")
                    .doesNotContain("example");
        }
    }

    @Test
    void maskedColumnsStillJoin() {
        List<List<Object>> joined = query(masked,
                "SELECT c.id, o.id FROM customers c JOIN orders o ON c.email = o.email ORDER BY c.id");
        assertThat(joined).containsExactly(List.of(1, 10), List.of(2, 11));
    }

    @Test
    void viewsAndTableFunctionsOverPiiTablesAreRefused() {
        assertThat(error(call(masked, "query", "sql", "SELECT email FROM customer_view")))
                .contains("cannot mask").contains("'pii' scope");
        assertThat(error(call(masked, "query", "sql", "SELECT email FROM query_table('customers')")))
                .contains("'pii' scope");
        assertThat(first(raw, "SELECT email FROM customer_view WHERE id = 1")).isEqualTo(RAW);
    }

    @Test
    void describeTableSamplesAreMasked() {
        Map<String, Object> described = structured(call(masked, "describe_table", "table", "customers"));
        assertThat(described.get("sample").toString()).doesNotContain("example").contains("pii:");
    }

    @Test
    void cursorPagesAreMasked() {
        Map<String, Object> page = structured(call(masked, "query", "sql",
                "SELECT email FROM customers, range(100) ORDER BY range", "max_rows", 5));
        String cursor = String.valueOf(page.get("next_cursor"));
        String next = call(masked, "query", "cursor", cursor).toString();
        assertThat(page.toString() + next).doesNotContain("example").contains("pii:");
    }

    @Test
    void exportedFilesHoldMaskedValues() throws IOException {
        Map<String, Object> export = structured(call(masked, "export_query", "sql",
                "SELECT id, lower(email) AS email FROM customers", "format", "csv"));
        assertThat(export).containsEntry("rows", 2);
        try (Stream<Path> files = Files.walk(server.dataDir().resolve("exports"))) {
            List<String> contents = files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".csv"))
                    .map(PiiMaskingTest::read).toList();
            assertThat(contents).isNotEmpty().allSatisfy(content -> assertThat(content).contains("pii:")
                    .doesNotContain("example"));
        }
    }

    @Test
    void queryRwOnAPiiTableIsRefusedWithoutThePiiScope() {
        assertThat(error(call(writer, "query_rw", "sql", "UPDATE customers SET name = 'A' WHERE id = 1 RETURNING *")))
                .contains("PII").contains("'pii' scope");
        assertThat(error(call(writer, "query_rw", "sql", "INSERT INTO orders SELECT 12, id, email FROM customers")))
                .contains("'pii' scope");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
