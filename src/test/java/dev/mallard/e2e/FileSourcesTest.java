package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Access;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.config.SourceDeclaration;
import dev.mallard.sources.SourceDirectories;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestFiles;
import dev.mallard.testing.TestJsonApi;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.TestSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV, Parquet and NDJSON files registered as a source: views read live, listed with row counts,
 * granted like a database, and checked for restricted callers over their shadow tables.
 */
class FileSourcesTest {
    @TempDir
    Path directory;

    private Path sourceDir;
    private Path sales;

    @BeforeEach
    void files() throws IOException {
        sourceDir = Files.createDirectories(directory.resolve("shared"));
        TestFiles.text(sourceDir.resolve("crm/orders_1.csv"), "id,customer,amount\n1,acme,10\n2,globex,20\n");
        TestFiles.text(sourceDir.resolve("crm/orders_2.csv"), "id,customer,amount\n3,acme,30\n");
        TestFiles.parquet(sourceDir.resolve("events/2026/01/a.parquet"), "SELECT i AS id, 'click' AS kind FROM range(5) t(i)");
        TestFiles.parquet(sourceDir.resolve("events/2026/02/b.parquet"), "SELECT i AS id, 'view' AS kind FROM range(3) t(i)");
        TestFiles.text(sourceDir.resolve("logs/app.ndjson"), "{\"level\":\"info\",\"n\":1}\n{\"level\":\"warn\",\"n\":2}\n");
        TestFiles.text(sourceDir.resolve("private/secret.csv"), "secret\nhunter2\n");
        sales = TestData.sales(Files.createDirectories(directory.resolve("dbs")));
    }

    private Path dataDir() {
        return directory.resolve("data");
    }

    private void registerCrm() {
        TestSources.withRegistry(dataDir(), registry -> registry.addFiles("crm", Map.of(
                "orders", sourceDir + "/crm/orders_*.csv", "events", sourceDir + "/events/**/*.parquet",
                "logs", sourceDir + "/logs/app.ndjson"), Optional.empty(),
                SourceDirectories.of(List.of(sourceDir)), "test"));
    }

    private TestMallard.Builder server() {
        return TestMallard.builder().dataDir(dataDir()).database("sales", sales).sourceDir(sourceDir);
    }

    private TestMallard.Builder withKeys() {
        return server().auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()));
    }

    @Test
    void globsOfCsvParquetAndNdjsonAreQueriedLiveListedWithRowCountsAndShownInTheCatalog() {
        registerCrm();
        try (TestMallard server = server().start()) {
            var client = server.client();
            assertThat(rows(query(client, "SELECT count(*), sum(amount) FROM crm.orders"))).containsExactly(List.of(3, 60));
            assertThat(rows(query(client, "SELECT kind, count(*) FROM crm.events GROUP BY kind ORDER BY kind")))
                    .containsExactly(List.of("click", 5), List.of("view", 3));
            assertThat(rows(query(client, "SELECT level FROM crm.logs WHERE n = 2"))).containsExactly(List.of("warn"));
            assertThat(rows(query(client, "SELECT count(*) FROM crm.orders o JOIN sales.orders s ON o.id = s.id")))
                    .containsExactly(List.of(2));

            assertThat(text(call(client, "list_columns", "table", "crm.orders"))).doesNotContain("region");
            TestFiles.text(sourceDir.resolve("crm/orders_3.csv"), "id,customer,amount,region\n4,initech,40,emea\n");
            assertThat(rows(query(client, "SELECT count(*), sum(amount) FROM crm.orders"))).containsExactly(List.of(4, 100));

            assertThat(text(call(client, "list_sources"))).contains("crm (files): crm.events 8 rows, crm.logs 2 rows, "
                    + "crm.orders 4 rows").contains("nothing to sync").contains("orders=" + realSourceDir()
                            + "/crm/orders_*.csv");
            // list_sources looked at the files again: the catalog shows the column they gained.
            assertThat(text(call(client, "list_columns", "table", "crm.orders"))).contains("region");
            assertThat(error(call(client, "sync_source", "source", "crm"))).contains("nothing to sync");
            assertThat(client.getServerInstructions()).contains("- crm (files): tables events=")
                    .contains("read live from the files");
            assertThat(text(call(client, "list_tables", "database", "crm"))).contains("orders").contains("events")
                    .contains("logs");
            assertThat(text(call(client, "describe_table", "table", "crm.orders"))).contains("customer")
                    .contains("amount");

            // The shadow catalog behind the plan checks is never shown.
            assertThat(text(call(client, "list_databases"))).contains("crm").doesNotContain("mallard_shadow");
            assertThat(text(call(client, "list_tables", "database", "crm"))).doesNotContain("mallard_shadow");
            assertThat(text(call(client, "search_catalog", "query", "orders"))).contains("crm")
                    .doesNotContain("mallard_shadow");
            assertThat(error(call(client, "list_tables", "database", "mallard_shadow_crm"))).isNotEmpty();
            assertThat(text(call(client, "list_sources"))).doesNotContain("mallard_shadow");
            assertThat(text(call(client, "list_columns", "table", "crm.events"))).contains("kind");
            List<String> uris = client.listResources().resources().stream().map(resource -> resource.uri()).toList();
            assertThat(uris).contains("mallard://crm/main/orders", "mallard://crm/main/logs")
                    .noneMatch(uri -> uri.contains("mallard_shadow"));
        }
    }

    @Test
    void aRestrictedReaderGrantedTheSourceQueriesItAndNothingElse() {
        registerCrm();
        try (TestMallard server = withKeys().start()) {
            String key = server.readerKey("alice", "sales");
            var alice = server.client(key);
            assertThat(error(query(alice, "SELECT count(*) FROM crm.orders"))).contains("not granted");
            assertThat(error(query(alice, "SELECT count(*) FROM mallard_shadow_crm.orders"))).contains("not granted");
            assertThat(text(call(alice, "list_sources"))).doesNotContain("crm");

            server.mallard().users().grant("alice", "crm", Access.READ);
            var granted = server.client(key);
            assertThat(rows(query(granted, "SELECT sum(amount) FROM crm.orders"))).containsExactly(List.of(60));
            assertThat(rows(query(granted, "SELECT count(*) FROM crm.main.events e JOIN crm.orders o ON e.id = o.id")))
                    .containsExactly(List.of(5));
            assertThat(rows(query(granted, "WITH recent AS (SELECT * FROM crm.orders WHERE id > 1) "
                    + "SELECT count(*) FROM recent"))).containsExactly(List.of(2));
            assertThat(rows(query(granted, "SELECT o.customer FROM crm.orders o WHERE o.id = 3")))
                    .containsExactly(List.of("acme"));
            TestFiles.text(sourceDir.resolve("crm/orders_9.csv"), "id,customer,amount,region\n9,hooli,90,emea\n");
            assertThat(rows(query(granted, "SELECT count(*) FROM crm.orders"))).containsExactly(List.of(4));
            // A column that appeared in the files just now is checked at once, not at the next renewal.
            assertThat(rows(query(granted, "SELECT customer, region FROM crm.orders WHERE region IS NOT NULL")))
                    .containsExactly(List.of("hooli", "emea"));

            String secret = sourceDir.resolve("private/secret.csv").toString();
            for (String sql : List.of("SELECT * FROM read_csv('" + secret + "')", "SELECT * FROM '" + secret + "'",
                    "SELECT * FROM read_csv('" + sourceDir + "/crm/*.csv')", "SELECT * FROM query_table('crm.orders')")) {
                assertThat(error(query(granted, sql))).as(sql).contains("grant on every database")
                        .doesNotContain("hunter2").doesNotContain("acme");
            }
        }
    }

    @Test
    void aNameThatCouldMeanSomethingElseIsNotRedirected() throws IOException {
        registerCrm();
        // The default database has a schema named like the source, holding a table named like its table.
        Path shadowing = TestData.database(Files.createDirectories(directory.resolve("other")), "main.duckdb",
                "CREATE SCHEMA crm", "CREATE TABLE crm.orders (id INTEGER, customer VARCHAR, amount INTEGER)",
                "INSERT INTO crm.orders VALUES (1, 'schema-secret', 999)", "CREATE TABLE orders (x VARCHAR)",
                "INSERT INTO orders VALUES ('table-secret')", "ATTACH ':memory:' AS crm",
                "CREATE TABLE crm.main.orders (id BIGINT, customer VARCHAR, amount BIGINT)",
                "CREATE VIEW over_source AS SELECT * FROM crm.main.orders", "DETACH crm");
        try (TestMallard server = TestMallard.builder().dataDir(dataDir()).database("main_db", shadowing)
                .database("sales", sales).sourceDir(sourceDir)
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start()) {
            var bob = server.client(server.readerKey("bob", "crm"));
            // On main_db, crm.orders could be the schema's table or the source's view: it is not redirected,
            // and DuckDB itself refuses the ambiguity.
            String carolKey = server.readerKey("carol", "crm");
            server.mallard().users().grant("carol", "main_db", Access.READ);
            assertThat(error(call(server.client(carolKey), "query", "sql", "SELECT * FROM crm.orders", "database",
                    "main_db"))).contains("Ambiguous").doesNotContain("schema-secret");
            // A view of another database over the source reads files where the check cannot follow: refused.
            assertThat(error(call(server.client(carolKey), "query", "sql", "SELECT * FROM main_db.over_source")))
                    .contains("grant on every database").doesNotContain("acme");
            assertThat(rows(query(bob, "SELECT sum(amount) FROM crm.main.orders"))).containsExactly(List.of(60));
            // A CTE named like a source table stays the CTE.
            assertThat(error(call(bob, "query", "sql", "WITH orders AS (SELECT * FROM main_db.orders) SELECT * FROM "
                    + "orders", "database", "crm"))).contains("not granted").doesNotContain("table-secret");
            assertThat(rows(call(bob, "query", "sql", "WITH events AS (SELECT 42 AS n) SELECT n FROM events",
                    "database", "crm"))).containsExactly(List.of(42));
            // On the source's own database an unqualified name is its table.
            assertThat(rows(call(bob, "query", "sql", "SELECT count(*) FROM orders", "database", "crm")))
                    .containsExactly(List.of(3));
        }
    }

    @Test
    void aSourceWhoseFilesVanishIsListedWithAnErrorAndTheServerKeepsServing() throws IOException {
        registerCrm();
        try (TestMallard server = server().start()) {
            var client = server.client();
            assertThat(rows(query(client, "SELECT count(*) FROM crm.orders"))).containsExactly(List.of(3));
            try (Stream<Path> files = Files.list(sourceDir.resolve("crm"))) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            assertThat(text(call(client, "list_sources"))).contains("crm (files)").contains("Cannot read its files now")
                    .contains("No files found");
            assertThat(error(query(client, "SELECT count(*) FROM crm.orders"))).contains("No files found");
            assertThat(rows(query(client, "SELECT count(*) FROM sales.orders"))).containsExactly(List.of(2));
            deleteTree(sourceDir.resolve("crm"));
            assertThat(text(call(client, "list_sources"))).contains("crm (files)").contains("Not served")
                    .contains("does not exist");
        }
        // Started with the files gone, the server serves everything else.
        try (TestMallard server = server().start()) {
            var client = server.client();
            assertThat(text(call(client, "list_sources"))).contains("crm (files)").contains("Not served");
            assertThat(rows(query(client, "SELECT count(*) FROM sales.orders"))).containsExactly(List.of(2));
        }
    }

    @Test
    void aSourceMovedOutsideTheSourceDirectoriesStopsBeingServed() throws IOException {
        registerCrm();
        try (TestMallard server = server().start()) {
            var client = server.client();
            assertThat(rows(query(client, "SELECT count(*) FROM crm.orders"))).containsExactly(List.of(3));
            Path outside = Files.createDirectories(directory.resolve("outside"));
            Files.move(sourceDir.resolve("crm"), outside.resolve("crm"));
            Files.createSymbolicLink(sourceDir.resolve("crm"), outside.resolve("crm"));
            assertThat(text(call(client, "list_sources"))).contains("crm (files)").contains("Not served")
                    .contains("outside the directories");
            assertThat(error(query(client, "SELECT count(*) FROM crm.orders"))).doesNotContain("acme");
        }
    }

    @Test
    void aQueryOfAFileSourceAndAStaleSourceSaysWhichIsStale() throws Exception {
        registerCrm();
        try (TestJsonApi api = new TestJsonApi(5)) {
            api.registerAndSync(dataDir(), "shop", Optional.of(Duration.ofMillis(1)));
        }
        try (TestMallard server = server().start()) {
            var result = query(server.client(), "SELECT count(*) FROM shop.items i JOIN crm.orders o ON i.id = o.id");
            assertThat(structured(result).get("message").toString()).contains("Source shop was last synced");
            assertThat(structured(query(server.client(), "SELECT count(*) FROM crm.orders")))
                    .doesNotContainKey("message");
        }
    }

    @Test
    void aSourceRedeclaredInTheConfigFileServesItsNewTables() {
        declareCrm(Map.of("orders", sourceDir + "/crm/orders_*.csv"));
        try (TestMallard server = withKeys().start()) {
            var reader = server.client(server.readerKey("alice", "crm"));
            assertThat(rows(query(reader, "SELECT count(*) FROM crm.orders"))).containsExactly(List.of(3));
            declareCrm(Map.of("events", sourceDir + "/events/**/*.parquet"));
            assertThat(text(call(reader, "list_sources"))).contains("crm.events 8 rows").doesNotContain("crm.orders");
            assertThat(rows(query(reader, "SELECT count(*) FROM crm.events"))).containsExactly(List.of(8));
            assertThat(error(query(reader, "SELECT count(*) FROM crm.orders"))).doesNotContain("acme");
        }
    }

    private void declareCrm(Map<String, String> files) {
        TestSources.withRegistry(dataDir(), registry -> registry.reconcile(
                List.of(new SourceDeclaration.Files("crm", files, Optional.empty())),
                SourceDirectories.of(List.of(sourceDir))));
    }

    private String realSourceDir() {
        try {
            return sourceDir.toRealPath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
