package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.app.Mallard;
import dev.mallard.config.ConfigFile;
import dev.mallard.error.MallardException;
import dev.mallard.sources.SourceDirectories;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import dev.mallard.store.StoredSource;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestJsonApi;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.TestSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sources declared under sources: in the config file, applied by a real server as it starts. */
class ConfigSourcesTest {
    private static final Map<String, String> ENV = Map.of("SHOP_TOKEN", "Bearer " + TestJsonApi.TOKEN);

    @TempDir
    Path directory;

    @RegisterExtension
    final TestJsonApi api = new TestJsonApi(30);

    private Path sourceDir;
    private Path config;

    @BeforeEach
    void setUp() throws Exception {
        sourceDir = Files.createDirectories(directory.resolve("shared"));
        TestData.database(sourceDir, "finance.duckdb", "CREATE TABLE ledger (id INTEGER, amount INTEGER)",
                "INSERT INTO ledger VALUES (1, 100), (2, 250)");
        config = directory.resolve("mallard.yaml");
    }

    private Path dataDir() {
        return directory.resolve("data");
    }

    private void writeConfig(String shop, String... more) throws Exception {
        Files.writeString(config, "max-rows: 500\nsources:\n" + shop + String.join("", more));
    }

    private String shop(String extra) {
        return "  shop:\n"
                + "    url: " + api.baseUrl() + "\n"
                + "    endpoints: {items: /pages?per_page=10}\n"
                + "    records: data.items\n"
                + "    paginate: page:page\n"
                + "    auth-header: Authorization\n"
                + "    secret-env: SHOP_TOKEN\n"
                + extra;
    }

    private String finance() {
        return "  finance:\n    duckdb: " + sourceDir.resolve("finance.duckdb") + "\n";
    }

    private TestMallard start() {
        return TestMallard.builder().dataDir(dataDir()).inMemory("scratch").sourceDir(sourceDir)
                .configFile(config, ENV).start();
    }

    private Optional<StoredSource> stored(String name) {
        try (StateStore store = JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir()))) {
            return store.sources().find(name);
        }
    }

    @Test
    void declaredSourcesAreServedAndTheSecretFromTheEnvironmentIsSentButNeverShown() throws Exception {
        writeConfig(shop("    every: 1h\n"), finance());
        try (TestMallard server = start()) {
            var client = server.client();
            // The test API answers 401 without the token: 30 rows prove the secret went with the request.
            assertThat(structured(call(client, "sync_source", "source", "shop"))).containsEntry("rows", 30);
            assertThat(rows(query(client, "SELECT count(*) FROM shop.items"))).containsExactly(List.of(30));
            assertThat(rows(query(client, "SELECT sum(amount) FROM finance.ledger"))).containsExactly(List.of(350));
            var listed = call(client, "list_sources");
            assertThat(text(listed)).contains("shop (api)").contains("finance (duckdb)")
                    .doesNotContain(TestJsonApi.TOKEN);
            assertThat(structured(listed).toString()).doesNotContain(TestJsonApi.TOKEN);
        }
        assertThat(stored("shop").orElseThrow().createdBy()).isEqualTo("config");
    }

    @Test
    void aChangedScheduleKeepsTheSyncedDataAChangedApiStartsOverAndAnUndeclaredSourceGoes() throws Exception {
        writeConfig(shop("    every: 1h\n"), finance());
        try (TestMallard server = start()) {
            call(server.client(), "sync_source", "source", "shop");
        }

        writeConfig(shop("    every: 2h\n"), finance());
        try (TestMallard server = start()) {
            assertThat(rows(query(server.client(), "SELECT count(*) FROM shop.items"))).containsExactly(List.of(30));
        }
        assertThat(stored("shop").orElseThrow().every()).contains(java.time.Duration.ofHours(2));
        assertThat(stored("shop").orElseThrow().sync().lastSuccess()).isPresent();

        // Another endpoint: the data synced from the old one is not served as if it came from the new one.
        Files.writeString(config, "sources:\n  shop:\n    url: " + api.baseUrl() + "\n"
                + "    endpoints: {offers: /offset}\n    paginate: offset:offset:limit:10\n"
                + "    auth-header: Authorization\n    secret-env: SHOP_TOKEN\n");
        try (TestMallard server = start()) {
            var client = server.client();
            assertThat(error(query(client, "SELECT count(*) FROM shop.items"))).contains("items");
            assertThat(error(query(client, "SELECT count(*) FROM finance.ledger"))).contains("finance");
            assertThat(structured(call(client, "sync_source", "source", "shop"))).containsEntry("rows", 30);
            assertThat(rows(query(client, "SELECT count(*) FROM shop.offers"))).containsExactly(List.of(30));
        }
        assertThat(stored("finance")).isEmpty();
    }

    @Test
    void aRunningServerStopsServingTheOldTablesWhenTheFileAppliedElsewhereChangesTheApi() throws Exception {
        writeConfig(shop(""));
        try (TestMallard server = TestMallard.builder().dataDir(dataDir()).inMemory("scratch")
                .sourceTiming(Clock.systemUTC(), Duration.ofMillis(50)).configFile(config, ENV).start()) {
            var client = server.client();
            call(client, "sync_source", "source", "shop");
            assertThat(rows(query(client, "SELECT count(*) FROM shop.items"))).containsExactly(List.of(30));

            // What `mallard sources apply` (or another replica starting) does with the changed file.
            writeConfig(shop("").replace("{items: /pages?per_page=10}", "{goods: /pages?per_page=10}"));
            var applied = TestSources.withRegistry(dataDir(), registry -> registry.reconcile(
                    ConfigFile.read(config).declaredSources(ENV).orElseThrow(), SourceDirectories.of(List.of())));
            assertThat(applied.replaced()).containsExactly("shop");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (query(client, "SELECT count(*) FROM shop.items").isError() != Boolean.TRUE
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(error(query(client, "SELECT count(*) FROM shop.items"))).contains("items");
            assertThat(structured(call(client, "sync_source", "source", "shop"))).containsEntry("rows", 30);
            assertThat(rows(query(client, "SELECT count(*) FROM shop.goods"))).containsExactly(List.of(30));
        }
    }

    @Test
    void aSourceAddedWithTheCliIsNeverTouchedAndANameClashSaysHowToResolveIt() throws Exception {
        api.registerAndSync(dataDir(), "manual", Optional.empty());
        writeConfig(finance());
        try (TestMallard server = start()) {
            assertThat(rows(query(server.client(), "SELECT count(*) FROM manual.items"))).containsExactly(List.of(30));
        }
        assertThat(stored("manual")).isPresent();

        writeConfig("  manual:\n    duckdb: " + sourceDir.resolve("finance.duckdb") + "\n");
        assertThatThrownBy(this::start).isInstanceOf(MallardException.class)
                .hasMessageContaining("sources.manual: a source named 'manual' was added with the CLI (by test)")
                .hasMessageContaining("Rename the source in the config file, or remove the CLI's (mallard sources "
                        + "remove manual)");
        assertThat(stored("manual").orElseThrow().kind()).isEqualTo("api");
    }

    @Test
    void withoutASourcesKeyTheFileLeavesTheSourcesItDeclaredAlone() throws Exception {
        writeConfig(finance());
        try (TestMallard server = start()) {
            assertThat(stored("finance")).isPresent();
        }
        Files.writeString(config, "max-rows: 500\n");
        try (TestMallard server = start()) {
            assertThat(rows(query(server.client(), "SELECT count(*) FROM finance.ledger"))).containsExactly(List.of(2));
        }
        Files.writeString(config, "sources: {}\n");
        try (TestMallard server = start()) {
            assertThat(stored("finance")).isEmpty();
        }
    }
}
