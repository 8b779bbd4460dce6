package dev.mallard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.app.Mallard;
import dev.mallard.sources.SourceVersions;
import dev.mallard.testing.TestJsonApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code mallard sources}, run in-process against a real state store and a real local JSON API. */
class SourcesCommandTest {
    private static final Map<String, String> ENV = Map.of();

    @TempDir
    Path dataDir;

    @RegisterExtension
    final TestJsonApi api = new TestJsonApi(25);

    private CommandRun run(String... args) {
        return CommandRun.run(ENV, withDataDir(args));
    }

    private String[] withDataDir(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return all;
    }

    private CommandRun addShop() {
        return CommandRun.withInput("Bearer " + TestJsonApi.TOKEN + "\n", ENV, withDataDir("sources", "add", "shop",
                "--url", api.baseUrl(), "--endpoint", "items=/pages?per_page=10", "--records", "data.items",
                "--paginate", "page:page", "--endpoint", "more=/pages?per_page=7", "--auth-header", "Authorization",
                "--secret-stdin", "--every", "1h"));
    }

    @Test
    void anAddedSourceSyncsIntoParquetAndListsItsRowsButNeverItsSecret() throws Exception {
        CommandRun added = addShop();
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added source shop").contains("sources sync shop");

        CommandRun synced = run("sources", "sync", "shop");
        assertThat(synced.exitCode()).as(synced.err()).isZero();
        assertThat(synced.out()).contains("items 25 rows");

        CommandRun list = run("sources", "list");
        assertThat(list.lines()).anySatisfy(line -> assertThat(line).startsWith("shop").contains("api")
                .contains("set").contains("1h").contains("2h").contains("items:25").contains("more:25"));
        assertThat(list.out()).doesNotContain(TestJsonApi.TOKEN);
        assertThat(new SourceVersions(Mallard.sourcesDirectory(dataDir), Clock.systemUTC()).current("shop")
                .orElseThrow().table("items")).isPresent();
    }

    @Test
    void aFailedSyncShowsTheErrorAndPublishesNothing() {
        CommandRun added = CommandRun.withInput("Bearer wrong-token\n", ENV, withDataDir("sources", "add", "bad",
                "--url", api.baseUrl(), "--endpoint", "items=/pages", "--records", "data.items", "--auth-header",
                "Authorization", "--secret-stdin"));
        assertThat(added.exitCode()).as(added.err()).isZero();
        CommandRun synced = run("sources", "sync", "bad");
        assertThat(synced.exitCode()).isNotZero();
        assertThat(synced.err()).contains("failed; the previous data stays").contains("HTTP 401");
        assertThat(run("sources", "list").out()).contains("never").contains("HTTP 401");
        assertThat(new SourceVersions(Mallard.sourcesDirectory(dataDir), Clock.systemUTC()).current("bad")).isEmpty();
    }

    @Test
    void mistakesAreRefusedWithWhatToDo() {
        assertThat(addShop().exitCode()).isZero();
        assertThat(addShop().err()).contains("already exists");
        assertThat(run("sources", "add", "x", "--url", api.baseUrl(), "--endpoint", "items").err())
                .contains("must be TABLE=PATH");
        assertThat(run("sources", "add", "x", "--url", api.baseUrl(), "--endpoint", "t=/a", "--paginate", "pages")
                .err()).contains("not a pagination Mallard knows");
        assertThat(run("sources", "add", "Bad-Name", "--url", api.baseUrl(), "--endpoint", "t=/a").err())
                .contains("not a plain SQL name");
        assertThat(run("sources", "sync", "nope").err()).contains("No source named 'nope'");
        assertThat(run("sources", "remove", "shop").out()).contains("Removed source shop");
        assertThat(run("sources", "list").out()).contains("No sources yet");
    }

    @Test
    void theSecretIsStoredApartFromTheSpec() throws Exception {
        assertThat(addShop().exitCode()).isZero();
        try (var store = dev.mallard.store.JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir))) {
            assertThat(store.sources().find("shop").orElseThrow().spec()).doesNotContain(TestJsonApi.TOKEN)
                    .contains("\"auth_header\":\"Authorization\"");
            assertThat(store.sources().secret("shop")).contains("Bearer " + TestJsonApi.TOKEN);
        }
        assertThat(Files.exists(Mallard.stateStoreFile(dataDir))).isTrue();
    }

    @Test
    void aDuckDbFileIsAddedFromASourceDirectoryOnly() throws Exception {
        Path shared = Files.createDirectories(dataDir.resolve("shared"));
        Path file = dev.mallard.testing.TestData.database(shared, "fin.duckdb", "CREATE TABLE t (x INTEGER)");
        Path outside = dev.mallard.testing.TestData.database(dataDir, "other.duckdb", "CREATE TABLE t (x INTEGER)");

        CommandRun refused = run("sources", "add", "other", "--duckdb", outside.toString(), "--source-dir",
                shared.toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("outside the directories declared").contains("--source-dir DIR")
                .contains("MALLARD_SOURCE_DIR");
        assertThat(run("sources", "add", "other", "--duckdb", outside.toString()).err()).contains("(none are)");
        assertThat(run("sources", "add", "fin", "--duckdb", file.toString(), "--url", api.baseUrl()).err())
                .contains("takes none of --url");
        assertThat(run("sources", "add", "fin").err()).contains("--duckdb PATH");

        CommandRun added = CommandRun.run(Map.of("MALLARD_SOURCE_DIR", shared.toString()),
                withDataDir("sources", "add", "fin", "--duckdb", file.toString()));
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added source fin").contains("users grant USER fin");
        assertThat(run("sources", "list").lines()).anySatisfy(line -> assertThat(line).startsWith("fin")
                .contains("duckdb").contains(file.toRealPath().toString()));
        assertThat(run("sources", "sync", "fin").err()).contains("nothing to sync");
    }
}
