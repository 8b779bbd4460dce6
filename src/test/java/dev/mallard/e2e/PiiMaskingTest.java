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
import io.modelcontextprotocol.spec.McpSchema;
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
    private static McpSyncClient annotating;

    @BeforeAll
    static void start() {
        Path shop = TestData.database(directory, "shop.duckdb",
                "CREATE TABLE customers (id INTEGER, email VARCHAR, name VARCHAR)",
                "INSERT INTO customers VALUES (1, 'alice@example.com', 'Alice'), (2, 'bob@example.org', 'Bob')",
                "CREATE TABLE orders (id INTEGER, customer_id INTEGER, email VARCHAR)",
                "INSERT INTO orders VALUES (10, 1, 'alice@example.com'), (11, 2, 'bob@example.org')",
                "CREATE VIEW customer_view AS SELECT * FROM customers",
                "CREATE TABLE accounts (id INTEGER, email VARCHAR, plan VARCHAR)",
                "INSERT INTO accounts SELECT i, ['carol@corp.test', 'dave@corp.test', 'erin@corp.test'][i % 3 + 1], "
                        + "['basic', 'pro'][i % 2 + 1] FROM range(30) t(i)",
                "CREATE TABLE people (id INTEGER, emails VARCHAR[], profile STRUCT(email VARCHAR, age INTEGER))",
                "INSERT INTO people VALUES (1, ['alice@example.com', 'a@example.net'], {'email': 'alice@example.com', "
                        + "'age': 30})",
                "CREATE TABLE contacts (id INTEGER, phone VARCHAR, born DATE, tags VARCHAR[], plan VARCHAR)",
                "INSERT INTO contacts VALUES (7, '+44 7700 900123', DATE '1980-02-03', ['vip'], 'gold'), "
                        + "(8, '+44 7700 900456', DATE '1991-05-06', ['new'], 'gold')");
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
        call(annotator, "annotate", "table", "accounts", "column", "email", "pii", true);
        call(annotator, "annotate", "table", "people", "column", "emails", "pii", true);
        call(annotator, "annotate", "table", "people", "column", "profile", "pii", true);
        annotating = annotator;
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
    void aCursorOfUnmaskedRowsIsNotPagedByTheSameUsersKeyWithoutThePiiScope() {
        Map<String, Object> page = structured(call(raw, "query", "sql",
                "SELECT email FROM customers, range(100) ORDER BY range", "max_rows", 5));
        String cursor = String.valueOf(page.get("next_cursor"));
        assertThat(error(call(masked, "query", "cursor", cursor))).doesNotContain("example");
        assertThat(call(raw, "query", "cursor", cursor).toString()).contains(RAW);
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

    /** Every way the values of accounts.email could leak through the catalog. */
    private static final List<String> ACCOUNT_EMAILS = List.of("carol", "dave", "erin", "corp.test");

    @Test
    void catalogNotesDoNotQuoteValuesOfPiiColumnsWithoutThePiiScope() {
        String described = call(masked, "describe_table", "table", "accounts").toString();
        assertThat(described).contains("'basic'").contains("'pro'");
        ACCOUNT_EMAILS.forEach(value -> assertThat(described).doesNotContain(value));
        McpSchema.ReadResourceResult resource = masked.readResource(
                new McpSchema.ReadResourceRequest("mallard://shop/main/accounts", null));
        String text = ((McpSchema.TextResourceContents) resource.contents().getFirst()).text();
        assertThat(text).contains("'basic'");
        ACCOUNT_EMAILS.forEach(value -> assertThat(text).doesNotContain(value));
        String elsewhere = call(masked, "list_columns", "table", "accounts").toString()
                + call(masked, "search_catalog", "query", "email").toString()
                + masked.getServerInstructions();
        ACCOUNT_EMAILS.forEach(value -> assertThat(elsewhere).doesNotContain(value));
        assertThat(rows(call(masked, "search_catalog", "query", "carol"))).isEmpty();
    }

    @Test
    void catalogNotesQuoteValuesOfPiiColumnsToThePiiScope() {
        assertThat(call(raw, "describe_table", "table", "accounts").toString()).contains("'carol@corp.test'");
        McpSchema.ReadResourceResult resource = raw.readResource(
                new McpSchema.ReadResourceRequest("mallard://shop/main/accounts", null));
        assertThat(((McpSchema.TextResourceContents) resource.contents().getFirst()).text())
                .contains("'carol@corp.test'");
    }

    @Test
    void otherStatementFormsAreMaskedOrRefused() {
        assertThat(error(call(masked, "query", "sql", "DESCRIBE customers"))).contains("describe_table");
        assertThat(error(call(masked, "query", "sql", "DESCRIBE SELECT email FROM customers")))
                .contains("describe_table");
        for (String sql : List.of("SUMMARIZE customers", "SUMMARIZE SELECT * FROM customers", "SELECT email FROM customers QUALIFY row_number() OVER () = 1",
                "PIVOT customers ON email USING count(*)", "SELECT * FROM (PIVOT customers ON name USING max(email))",
                "UNPIVOT customers ON email, name INTO NAME k VALUE v", "SELECT email, count(*) FROM customers GROUP BY ALL",
                "SELECT o.id, l.e FROM orders o, LATERAL (SELECT c.email AS e FROM customers c WHERE c.id = o.customer_id) l",
                "SELECT emails, profile FROM people", "SELECT unnest(emails) FROM people", "SELECT emails[1] FROM people",
                "SELECT profile.email FROM people", "SELECT p.profile['email'] FROM people p",
                "SELECT list_transform(emails, lambda x: upper(x)) FROM people", "FROM customers SELECT email",
                "SELECT email FROM customers USING SAMPLE 10", "SELECT email FROM customers TABLESAMPLE 100%",
                "SELECT * FROM customers AT (VERSION => 1)", "EXPLAIN SELECT email FROM customers",
                "EXPLAIN ANALYZE SELECT email FROM customers", "SELECT * FROM duckdb_columns()",
                "SELECT min(email), max(email) FROM customers", "SELECT histogram(email) FROM customers",
                "SELECT * FROM (VALUES (1)) v(x), customers", "SELECT COLUMNS('e.*') FROM customers",
                "SELECT c.* EXCLUDE (name) FROM customers c", "SELECT * FROM customers POSITIONAL JOIN orders",
                "SELECT * FROM customers ASOF JOIN orders ON customers.id >= orders.customer_id")) {
            var result = call(masked, "query", "sql", sql);
            if (Boolean.TRUE.equals(result.isError())) {
                // Refused for PII unless the statement is refused to everyone (a standalone PIVOT is not a query).
                boolean runsForPii = !Boolean.TRUE.equals(call(raw, "query", "sql", sql).isError());
                assertThat(error(result)).as(sql).contains(runsForPii ? "'pii' scope" : "").doesNotContain("alice")
                        .doesNotContain("example");
            } else {
                assertThat(result.toString()).as(sql).doesNotContain("alice").doesNotContain("ALICE")
                        .doesNotContain("example");
            }
        }
        assertThat(first(raw, "SELECT profile.email FROM people")).isEqualTo(RAW);
    }

    @Test
    void errorsAfterTheRewriteNeverShowTheSaltOrTheRewrittenSql() {
        for (String sql : List.of("SELECT CAST(email AS INTEGER) FROM customers", "SELECT email + 1 FROM customers",
                "SELECT emial FROM customers", "SELECT c.email, nosuch FROM customers c JOIN orders o USING (id)",
                "SELECT email FROM customers WHERE email::DATE > DATE '2024-01-01'",
                "SELECT email FROM customers c WHERE c.id = (SELECT id FROM orders)")) {
            String message = error(call(masked, "query", "sql", sql));
            assertThat(message).as(sql).doesNotContainPattern("[0-9a-f]{32}").doesNotContain("md5")
                    .doesNotContain("REPLACE").doesNotContain("alice");
        }
    }

    @Test
    void aTableFlaggedPiiIsMaskedInEveryColumnHoweverItIsRead() {
        List<String> secrets = List.of("7700", "1980", "1991", "vip", "gold");
        call(annotating, "annotate", "table", "contacts", "pii", true);
        try {
            List<List<Object>> all = query(masked, "SELECT * FROM contacts");
            assertThat(all).hasSize(2).allSatisfy(row -> assertThat(row)
                    .allSatisfy(value -> assertThat(String.valueOf(value)).startsWith("pii:")));
            for (String sql : List.of("SELECT phone || '' FROM contacts", "SELECT CAST(born AS VARCHAR) FROM contacts",
                    "SELECT string_agg(plan, ',') FROM contacts", "SELECT year(born) FROM contacts",
                    "WITH c AS (SELECT * FROM contacts) SELECT max(id), min(phone), max(born) FROM c",
                    "SELECT regexp_extract(phone, '77.*') FROM contacts", "SELECT x.* FROM shop.main.contacts x",
                    "SELECT unnest(tags) FROM contacts", "SELECT list_contains(tags, 'vip') FROM contacts",
                    "SELECT * FROM query_table('contacts')", "SELECT (SELECT max(plan) FROM contacts) AS p")) {
                String result = call(masked, "query", "sql", sql).toString();
                secrets.forEach(secret -> assertThat(result).as(sql).doesNotContain(secret));
            }
            assertThat(error(call(writer, "query_rw", "sql", "UPDATE contacts SET plan = 'x'"))).contains("'pii' scope");

            String described = call(masked, "describe_table", "table", "contacts").toString();
            assertThat(described).contains("pii:");
            McpSchema.ReadResourceResult resource = masked.readResource(
                    new McpSchema.ReadResourceRequest("mallard://shop/main/contacts", null));
            String text = ((McpSchema.TextResourceContents) resource.contents().getFirst()).text();
            secrets.forEach(secret -> assertThat(described + text).doesNotContain(secret));
            assertThat(rows(call(masked, "list_columns", "table", "contacts")))
                    .allSatisfy(column -> assertThat(column.getLast()).isEqualTo(true));
            assertThat(query(raw, "SELECT plan FROM contacts WHERE id = 7")).containsExactly(List.of("gold"));
        } finally {
            call(annotating, "annotate", "table", "contacts", "pii", false);
        }
        assertThat(query(masked, "SELECT plan FROM contacts WHERE id = 7")).containsExactly(List.of("gold"));
    }

    @Test
    void confirmModeRefusesAProposalTouchingAPiiTableWithoutThePiiScope() {
        Path shop = TestData.database(directory, "confirm.duckdb",
                "CREATE TABLE customers (id INTEGER, email VARCHAR)", "INSERT INTO customers VALUES (1, 'alice@example.com')",
                "CREATE TABLE notes (id INTEGER, body VARCHAR)");
        try (TestMallard confirm = TestMallard.builder().database("shop", shop).confirmWrites()
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start()) {
            confirm.mallard().users().add("bob", Optional.empty(), false);
            confirm.mallard().users().grant("bob", "shop", Access.WRITE);
            ApiKeys keys = confirm.mallard().apiKeys();
            McpSyncClient annotator = confirm.client(keys.create("bob", Set.of(Scope.READ, Scope.ANNOTATE),
                    Optional.empty(), Optional.empty()).secret());
            call(annotator, "annotate", "table", "customers", "column", "email", "pii", true);
            McpSyncClient plain = confirm.client(keys.create("bob", Set.of(Scope.READ, Scope.WRITE), Optional.empty(),
                    Optional.empty()).secret());
            McpSyncClient trusted = confirm.client(keys.create("bob", Set.of(Scope.READ, Scope.WRITE, Scope.PII),
                    Optional.empty(), Optional.empty()).secret());
            for (String sql : List.of("UPDATE customers SET email = lower(email)", "DELETE FROM customers WHERE id = 1",
                    "INSERT INTO notes SELECT id, email FROM customers")) {
                assertThat(error(call(plain, "query_rw", "sql", sql))).as(sql).contains("PII").contains("'pii' scope")
                        .doesNotContain("alice");
            }
            assertThat(structured(call(plain, "query_rw", "sql", "INSERT INTO notes VALUES (1, 'x')")))
                    .containsKey("mutation_id");
            Map<String, Object> preview = structured(call(trusted, "query_rw", "sql",
                    "UPDATE customers SET email = upper(email)"));
            assertThat(preview.toString()).contains("alice@example.com");
            String proposed = String.valueOf(preview.get("mutation_id"));
            // Mutations are bound to the user who proposed them, not to the key: the same user's key without
            // the pii scope may not apply (nor read the result of) a change to a PII table; the refused
            // mutation is spent, and nothing changed.
            assertThat(error(call(plain, "confirm_mutation", "mutation_id", proposed))).contains("'pii' scope")
                    .doesNotContain("alice");
            assertThat(rows(call(trusted, "query", "sql", "SELECT email FROM customers"))).containsExactly(
                    List.of(RAW));
            String again = String.valueOf(structured(call(trusted, "query_rw", "sql",
                    "UPDATE customers SET email = upper(email)")).get("mutation_id"));
            Map<String, Object> applied = structured(call(trusted, "confirm_mutation", "mutation_id", again));
            assertThat(applied.toString()).contains("applied");
            assertThat(rows(call(trusted, "query", "sql", "SELECT email FROM customers"))).containsExactly(
                    List.of(RAW.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
