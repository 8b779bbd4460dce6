package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestJsonApi;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** HTTP API sources served as catalogs: queried, listed, synced with progress, read-only, kept across restarts. */
class ApiSourcesTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestJsonApi api = new TestJsonApi(30);

    private Path dataDir() {
        return directory.resolve("data");
    }

    /** Registers {@code shop} (items: 30 records over pages of 10) and syncs it once, as the CLI does. */
    private void registerAndSync(Optional<Duration> staleAfter) {
        assertThat(api.registerAndSync(dataDir(), "shop", staleAfter))
                .isInstanceOf(dev.mallard.sources.SyncResult.Published.class);
    }

    private Path sales;

    private TestMallard start() {
        if (sales == null) {
            sales = TestData.sales(directory);
        }
        return TestMallard.builder().dataDir(dataDir()).database("sales", sales).readWrite().start();
    }

    @Test
    void aSyncedSourceIsQueriedListedAndRefreshedWithProgress() {
        registerAndSync(Optional.of(Duration.ofHours(1)));
        try (TestMallard server = start()) {
            List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
            var client = server.client(spec -> spec.progressConsumer(progress::add));
            assertThat(rows(query(client, "SELECT count(*), max(id) FROM shop.items"))).containsExactly(List.of(30, 30));
            assertThat(text(call(client, "list_databases"))).contains("shop");
            assertThat(text(call(client, "list_tables", "database", "shop"))).contains("items");

            var listed = call(client, "list_sources");
            assertThat(text(listed)).contains("shop (api): shop.items 30 rows").contains("synced");
            assertThat(structured(listed).toString()).contains("is_stale");

            api.replaceRecords(45);
            var synced = client.callTool(McpSchema.CallToolRequest.builder("sync_source")
                    .arguments(Map.of("source", "shop")).progressToken("s1").build());
            assertThat(text(synced)).contains("Synced source shop: shop.items 45 rows").contains("fresh now");
            assertThat(structured(synced)).containsEntry("rows", 45).containsEntry("is_stale", false);
            assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p.progressToken()).isEqualTo("s1"));
            assertThat(rows(query(client, "SELECT count(*) FROM shop.items"))).containsExactly(List.of(45));
        }
    }

    @Test
    void aSourceCannotBeWrittenEvenOnAWritableServer() {
        registerAndSync(Optional.empty());
        try (TestMallard server = start()) {
            var client = server.client();
            assertThat(error(call(client, "query_rw", "sql", "DELETE FROM shop.items")))
                    .contains("source is read-only");
            assertThat(error(call(client, "query_rw", "sql", "CREATE TABLE shop.main.extra AS SELECT 1 AS x")))
                    .contains("source is read-only");
            assertThat(error(call(client, "query_rw", "sql", "DELETE FROM items", "database", "shop")))
                    .contains("read-only");
            assertThat(rows(query(client, "SELECT count(*) FROM shop.items"))).containsExactly(List.of(30));
        }
    }

    @Test
    void aFailedSyncKeepsServingTheOldDataAndListsTheError() {
        registerAndSync(Optional.of(Duration.ofMillis(1)));
        try (TestMallard server = start()) {
            var client = server.client();
            api.close();
            String failed = error(call(client, "sync_source", "source", "shop"));
            assertThat(failed).contains("failed; the previous data is still served");
            assertThat(rows(query(client, "SELECT count(*) FROM shop.items"))).containsExactly(List.of(30));
            assertThat(text(call(client, "list_sources"))).contains("STALE").contains("sync_source(source='shop')")
                    .contains("last sync failed");
            assertThat(error(call(client, "sync_source", "source", "nope"))).contains("list_sources");
        }
    }

    @Test
    void aRestartServesTheLastVersionAndGrantsApplyToSources() {
        registerAndSync(Optional.empty());
        try (TestMallard server = start()) {
            assertThat(rows(query(server.client(), "SELECT count(*) FROM shop.items"))).containsExactly(List.of(30));
        }
        try (TestMallard server = TestMallard.builder().dataDir(dataDir()).database("sales", sales)
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start()) {
            String salesOnly = server.readerKey("alice", "sales");
            var alice = server.client(salesOnly);
            assertThat(error(query(alice, "SELECT count(*) FROM shop.items"))).contains("not granted");
            assertThat(text(call(alice, "list_sources"))).doesNotContain("shop.items");
            server.mallard().users().grant("alice", "shop", dev.mallard.auth.Access.READ);
            var granted = server.client(salesOnly);
            assertThat(rows(query(granted, "SELECT count(*) FROM shop.items"))).containsExactly(List.of(30));
        }
    }
}
