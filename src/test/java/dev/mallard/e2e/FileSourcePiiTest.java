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
import dev.mallard.sources.SourceDirectories;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestFiles;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.TestSources;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PII column of a file source's table comes back masked in every tool, for a caller granted every
 * database and for one granted only the source, however the query reads it.
 */
class FileSourcePiiTest {
    private static final String RAW = "alice@example.com";
    @TempDir
    static Path directory;

    private static TestMallard server;
    /** Granted every database, without the pii scope. */
    private static McpSyncClient masked;
    /** Granted only the source, without the pii scope: every statement is also checked on its plan. */
    private static McpSyncClient restricted;
    private static McpSyncClient raw;

    @BeforeAll
    static void start() throws IOException {
        Path sourceDir = Files.createDirectories(directory.resolve("shared"));
        TestFiles.text(sourceDir.resolve("crm/customers_1.csv"), "id,email,name\n1,alice@example.com,Alice\n");
        TestFiles.text(sourceDir.resolve("crm/customers_2.csv"), "id,email,name\n2,bob@example.org,Bob\n");
        Path dataDir = directory.resolve("data");
        TestSources.withRegistry(dataDir, registry -> registry.addFiles("crm",
                Map.of("customers", sourceDir + "/crm/customers_*.csv"), Optional.empty(),
                SourceDirectories.of(List.of(sourceDir)), "test"));
        Path sales = TestData.sales(Files.createDirectories(directory.resolve("dbs")));
        server = TestMallard.builder().dataDir(dataDir).database("sales", sales).sourceDir(sourceDir)
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start();
        var users = server.mallard().users();
        users.add("alice", Optional.empty(), false);
        users.grant("alice", "*", Access.READ);
        ApiKeys keys = server.mallard().apiKeys();
        McpSyncClient annotator = server.client(keys.create("alice", Set.of(Scope.READ, Scope.ANNOTATE),
                Optional.empty(), Optional.empty()).secret());
        assertThat(call(annotator, "annotate", "table", "crm.customers", "column", "email", "pii", true).isError())
                .isNotEqualTo(Boolean.TRUE);
        masked = server.client(keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret());
        raw = server.client(keys.create("alice", Set.of(Scope.READ, Scope.PII), Optional.empty(), Optional.empty())
                .secret());
        restricted = server.client(server.readerKey("bob", "crm"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<List<Object>> query(McpSyncClient client, String sql) {
        return rows(call(client, "query", "sql", sql));
    }

    @Test
    void theRawValueIsShownOnlyToThePiiScope() {
        assertThat(query(raw, "SELECT email FROM crm.customers WHERE id = 1")).containsExactly(List.of(RAW));
        for (McpSyncClient client : List.of(masked, restricted)) {
            String email = String.valueOf(query(client, "SELECT email FROM crm.customers WHERE id = 1").getFirst()
                    .getFirst());
            assertThat(email).startsWith("pii:").hasSize(16);
            assertThat(query(client, "SELECT name FROM crm.customers WHERE id = 1")).containsExactly(List.of("Alice"));
        }
    }

    @Test
    void bypassAttemptsSeeOnlyTheMaskedValue() {
        for (McpSyncClient client : List.of(masked, restricted)) {
            for (String sql : List.of("SELECT lower(email) FROM crm.customers",
                    "SELECT CAST(email AS BLOB)::VARCHAR FROM crm.customers",
                    "SELECT string_agg(email, ',') FROM crm.customers",
                    "SELECT regexp_extract(email, '(.*)@', 1) FROM crm.customers",
                    "WITH c AS (SELECT * FROM crm.customers) SELECT email FROM c", "SELECT * FROM crm.main.customers",
                    "SELECT (SELECT max(email) FROM crm.customers) AS e",
                    "SELECT x.e FROM (SELECT upper(email) AS e FROM crm.customers) x")) {
                assertThat(query(client, sql).toString()).as(sql).doesNotContain("alice").doesNotContain("ALICE")
                        .doesNotContain("example");
            }
            assertThat(query(client, "SELECT lower(email) FROM crm.customers").toString()).contains("pii:");
        }
    }

    @Test
    void waysTheRewriteCannotFollowAreRefused() {
        for (McpSyncClient client : List.of(masked, restricted)) {
            assertThat(error(call(client, "query", "sql", "SELECT * FROM query_table('crm.customers')")))
                    .doesNotContain("example");
            // The files behind the source, read directly (DuckDB may read the source directory at all).
            String files = directory.resolve("shared/crm").toString();
            for (String sql : List.of("SELECT * FROM read_csv('" + files + "/customers_1.csv')",
                    "SELECT * FROM '" + files + "/customers_*.csv'", "SELECT content FROM read_text('" + files
                            + "/customers_1.csv')",
                    "SELECT * FROM read_csv('" + files + "/*.csv', union_by_name = true)")) {
                assertThat(error(call(client, "query", "sql", sql))).as(sql).doesNotContain("example");
            }
        }
    }

    @Test
    void describeSamplesPagesAndExportsAreMasked() throws IOException {
        Map<String, Object> described = structured(call(masked, "describe_table", "table", "crm.customers"));
        assertThat(described.get("sample").toString()).doesNotContain("example").contains("pii:");

        Map<String, Object> page = structured(call(restricted, "query", "sql",
                "SELECT email FROM crm.customers, range(50) ORDER BY range", "max_rows", 5));
        String next = call(restricted, "query", "cursor", String.valueOf(page.get("next_cursor"))).toString();
        assertThat(page.toString() + next).doesNotContain("example").contains("pii:");

        Map<String, Object> export = structured(call(restricted, "export_query", "sql",
                "SELECT id, lower(email) AS email FROM crm.customers", "format", "csv"));
        assertThat(export).containsEntry("rows", 2);
        try (Stream<Path> files = Files.walk(server.dataDir().resolve("exports"))) {
            List<String> contents = files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".csv"))
                    .map(FileSourcePiiTest::read).toList();
            assertThat(contents).isNotEmpty().allSatisfy(content -> assertThat(content).contains("pii:")
                    .doesNotContain("example"));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
