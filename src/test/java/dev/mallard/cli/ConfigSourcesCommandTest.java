package dev.mallard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mallard.testing.TestData;
import dev.mallard.testing.TestFiles;
import dev.mallard.testing.TestJsonApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code mallard sources apply} and the config file's sources: key as the CLI reads it. */
class ConfigSourcesCommandTest {
    private static final Map<String, String> ENV = Map.of("SHOP_TOKEN", "Bearer " + TestJsonApi.TOKEN);

    @TempDir
    Path directory;

    @RegisterExtension
    final TestJsonApi api = new TestJsonApi(12);

    private Path config;
    private Path sourceDir;

    @BeforeEach
    void setUp() throws Exception {
        config = directory.resolve("mallard.yaml");
        sourceDir = Files.createDirectories(directory.resolve("shared"));
        TestData.database(sourceDir, "finance.duckdb", "CREATE TABLE ledger (id INTEGER)");
        TestFiles.text(sourceDir.resolve("crm/orders_1.csv"), "id,amount\n1,10\n");
    }

    private CommandRun run(Map<String, String> environment, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = directory.resolve("data").toString();
        all[args.length + 2] = "--config";
        all[args.length + 3] = config.toString();
        return CommandRun.run(environment, all);
    }

    private void writeShop(String... lines) throws Exception {
        StringBuilder yaml = new StringBuilder("source-dir: " + sourceDir + "\nsources:\n  shop:\n    url: "
                + api.baseUrl() + "\n    endpoints: {items: /pages?per_page=5}\n    records: data.items\n"
                + "    paginate: page:page\n    auth-header: Authorization\n    secret-env: SHOP_TOKEN\n");
        for (String line : lines) {
            yaml.append(line).append('\n');
        }
        Files.writeString(config, yaml);
    }

    @Test
    void applyAddsTheDeclaredSourcesThenFindsNothingToChangeAndTheSecretIsSentButNeverListed() throws Exception {
        writeShop("    every: 1h", "  finance:", "    duckdb: " + sourceDir.resolve("finance.duckdb"), "  crm:",
                "    files: {orders: " + sourceDir.resolve("crm") + "/orders_*.csv}");
        CommandRun applied = run(ENV, "sources", "apply");
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("added shop, finance, crm; replaced -; removed -; unchanged -");
        assertThat(run(ENV, "sources", "apply").out())
                .contains("added -; replaced -; removed -; unchanged shop, finance, crm");
        assertThat(run(ENV, "sources", "list").lines()).anySatisfy(line -> assertThat(line).startsWith("crm")
                .contains("files").contains("orders="));

        CommandRun synced = run(ENV, "sources", "sync", "shop");
        assertThat(synced.out()).as(synced.err()).contains("items 12 rows");
        CommandRun listed = run(ENV, "sources", "list");
        assertThat(listed.out()).contains("shop", "finance", "set").doesNotContain(TestJsonApi.TOKEN);
        assertThat(applied.out() + applied.err() + synced.out() + synced.err()).doesNotContain(TestJsonApi.TOKEN);

        // A new secret replaces the stored one and keeps the synced data; the old one no longer authenticates.
        CommandRun rotated = run(Map.of("SHOP_TOKEN", "Bearer rotated"), "sources", "apply");
        assertThat(rotated.out()).contains("replaced shop");
        assertThat(run(ENV, "sources", "list").out()).contains("items:12");
        assertThat(run(ENV, "sources", "sync", "shop").err()).contains("401");
    }

    @Test
    void replicasApplyingTheSameFileAtOnceEndWithOneOfEachSource() throws Exception {
        writeShop("  finance:", "    duckdb: " + sourceDir.resolve("finance.duckdb"));
        List<CompletableFuture<CommandRun>> runs = List.of(
                CompletableFuture.supplyAsync(() -> run(ENV, "sources", "apply")),
                CompletableFuture.supplyAsync(() -> run(ENV, "sources", "apply")),
                CompletableFuture.supplyAsync(() -> run(ENV, "sources", "apply")));
        for (CompletableFuture<CommandRun> future : runs) {
            assertThat(future.join().exitCode()).as(future.join().err()).isZero();
        }
        List<String> rows = run(ENV, "sources", "list").lines().stream().skip(1).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("finance");
        assertThat(rows.get(1)).startsWith("shop");
    }

    @Test
    void mistakesNameTheSourceAndTheKey() throws Exception {
        writeShop("    every: 1x");
        assertThat(run(ENV, "sources", "apply").err())
                .contains("sources.shop.every: \"1x\" is not a duration such as 1h or 30m.");
        writeShop("    evry: 1h");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.shop.evry: unknown key. An API source "
                + "takes url, endpoints, records, paginate, auth-header, secret-env, every, stale-after.");
        writeShop("    stale-after: 0m");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.shop.stale-after: must be a positive duration");
        writeShop();
        assertThat(run(Map.of(), "sources", "apply").err()).contains("sources.shop.secret-env: the environment "
                + "variable SHOP_TOKEN is not set. Set it to the whole value of the Authorization header");
        Files.writeString(config, "sources:\n  shop:\n    url: " + api.baseUrl() + "\n    endpoints: {items: /pages}\n"
                + "    paginate: pages\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.shop.paginate: 'pages' is not a pagination "
                + "Mallard knows");
        Files.writeString(config, "sources:\n  shop:\n    url: " + api.baseUrl() + "\n    endpoints: {items: /p}\n"
                + "    auth-header: Authorization\n    secret: hunter2\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.shop.secret: a secret never goes in the "
                + "config file");
        Files.writeString(config, "sources:\n  Shop:\n    url: " + api.baseUrl() + "\n    endpoints: {items: /p}\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.Shop: The source name 'Shop' is not a plain "
                + "SQL name");
        Files.writeString(config, "sources:\n  shop:\n    url: ftp://example.com\n    endpoints: {items: /p}\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.shop.url: The base URL 'ftp://example.com'");
        Files.writeString(config, "source-dir: " + sourceDir + "\nsources:\n  logs:\n    files: {events: "
                + directory + "/*.csv}\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.logs.files: The path " + directory)
                .contains("outside the directories declared");
        Files.writeString(config, "source-dir: " + sourceDir + "\nsources:\n  logs:\n    files: {events: "
                + sourceDir + "/*.parquet}\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.logs.files: Table events: no file matches");
        Files.writeString(config, "sources:\n  logs:\n    files: {events: /srv/logs/*.csv}\n    every: 1h\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.logs.every: unknown key for a files source");
        Files.writeString(config, "sources:\n  logs:\n    files: []\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.logs.files: must map each table to the "
                + "path or glob of its files");
        Files.writeString(config, "sources:\n  shop:\n    url: " + api.baseUrl() + "\n    endpoints: {}\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.shop.endpoints: must map each table to its "
                + "path below the base URL");
        Files.writeString(config, "sources:\n  finance:\n    duckdb: " + directory.resolve("elsewhere.duckdb") + "\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("sources.finance.duckdb: ");
        Files.writeString(config, "port: 8000\n");
        assertThat(run(ENV, "sources", "apply").err()).contains("The config file has no sources: key");
        // Nothing was registered by any of the mistakes.
        assertThat(run(ENV, "sources", "list").out()).contains("No sources yet");
    }

    @Test
    void serveRefusesToStartWithoutTheSecretsEnvironmentVariable() throws Exception {
        writeShop();
        CommandRun serve = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> run(Map.of(), "serve", "--port", "0"));
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).contains("sources.shop.secret-env: the environment variable SHOP_TOKEN is not set");
    }
}
