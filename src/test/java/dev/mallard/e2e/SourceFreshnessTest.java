package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.app.Mallard;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestJsonApi;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** How agents learn a source's freshness: notices on queries that read stale data, and the instructions. */
class SourceFreshnessTest {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestJsonApi api = new TestJsonApi(30);

    private Path dataDir() {
        return directory.resolve("data");
    }

    /** Registers {@code shop} (items: 30 records) with a freshness threshold and syncs it once, as the CLI does. */
    private void registerAndSync(Duration staleAfter) throws Exception {
        api.registerAndSync(dataDir(), "shop", Optional.of(staleAfter));
    }

    private TestMallard start() {
        return TestMallard.builder().dataDir(dataDir()).database("sales", TestData.sales(directory)).start();
    }

    @Test
    void aQueryOfAStaleSourceSaysSoAndHowToRefreshIt() throws Exception {
        registerAndSync(Duration.ofMillis(1));
        try (TestMallard server = start()) {
            var client = server.client();
            var stale = query(client, "SELECT count(*) FROM shop.items");
            assertThat(structured(stale).get("message").toString()).contains("Source shop was last synced")
                    .contains("(stale after 0 s)").contains("call sync_source(source=\"shop\") to refresh");
            assertThat(text(stale)).contains("sync_source(source=\"shop\")");

            var other = query(client, "SELECT count(*) FROM sales.main.orders");
            assertThat(structured(other)).doesNotContainKey("message");

            var exported = call(client, "export_query", "sql", "SELECT * FROM shop.items", "format", "csv");
            assertThat(structured(exported).get("message").toString()).contains("sync_source(source=\"shop\")");
        }
    }

    @Test
    void aQueryOfAFreshSourceHasNoNotice() throws Exception {
        registerAndSync(Duration.ofHours(2));
        try (TestMallard server = start()) {
            var fresh = query(server.client(), "SELECT count(*) FROM shop.items");
            assertThat(structured(fresh)).doesNotContainKey("message");
        }
    }

    @Test
    void syncSourceNeedsTheSyncOrWriteScope() throws Exception {
        registerAndSync(Duration.ofHours(2));
        try (TestMallard server = TestMallard.builder().dataDir(dataDir()).database("sales", TestData.sales(directory))
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start()) {
            String reader = server.readerKey("alice", "*");
            assertThat(server.client(reader).listTools().tools()).extracting(McpSchema.Tool::name)
                    .contains("list_sources").doesNotContain("sync_source");
            try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(reader).open()) {
                HttpResponse<String> reply = raw.post(RawMcpHttp.toolCall(2, "sync_source", Map.of("source", "shop")));
                assertThat(reply.statusCode()).isEqualTo(403);
                assertThat(reply.body()).contains("needs the 'write' or 'sync' scope");
            }
            var keys = server.mallard().apiKeys();
            String syncer = keys.create("alice", Set.of(Scope.READ, Scope.SYNC), Optional.empty(), Optional.empty())
                    .secret();
            assertThat(structured(call(server.client(syncer), "sync_source", "source", "shop")))
                    .containsEntry("rows", 30);
            String writer = keys.create("alice", Set.of(Scope.READ, Scope.WRITE), Optional.empty(), Optional.empty())
                    .secret();
            assertThat(structured(call(server.client(writer), "sync_source", "source", "shop")))
                    .containsEntry("rows", 30);
        }
    }

    @Test
    void theInstructionsListSourcesWithFreshnessAndAreBuiltAgainAfterASync() throws Exception {
        registerAndSync(Duration.ofHours(2));
        try (TestMallard server = start()) {
            String before = server.client().getServerInstructions();
            assertThat(before).contains("Sources (HTTP APIs synced into tables; sync_source refreshes one):")
                    .contains("- shop (api): shop.items 30 rows; last synced ").contains("stale after 2 h")
                    .doesNotContain("STALE");
            api.replaceRecords(45);
            call(server.client(), "sync_source", "source", "shop");
            assertThat(server.client().getServerInstructions()).contains("- shop (api): shop.items 45 rows");
            call(server.client(), "annotate", "table", "shop.main.items", "description", "Catalogue items, one per SKU");
            assertThat(server.client().getServerInstructions()).contains("Catalogue items, one per SKU");
        }
    }

    @Test
    void theInstructionsPutAStaleSourceFirstWithTheCallThatRefreshesIt() throws Exception {
        registerAndSync(Duration.ofMillis(1));
        try (TestMallard server = start()) {
            assertThat(server.client().getServerInstructions())
                    .contains("- shop (api): shop.items 30 rows; last synced ")
                    .contains("STALE: call sync_source(source=\"shop\") to refresh");
        }
    }

    @Test
    void openSessionsHearThatTheResourceListChangedWhenASourceIsSyncedOrRemoved() throws Exception {
        registerAndSync(Duration.ofHours(2));
        try (TestMallard server = start()) {
            BlockingQueue<List<McpSchema.Resource>> changes = new LinkedBlockingQueue<>();
            var client = server.client(spec -> spec.resourcesChangeConsumer(changes::add));
            assertThat(client.getServerCapabilities().resources().listChanged()).isTrue();

            api.replaceRecords(45);
            call(server.client(), "sync_source", "source", "shop");
            List<McpSchema.Resource> afterSync = changes.poll(10, TimeUnit.SECONDS);
            assertThat(afterSync).isNotNull().extracting(McpSchema.Resource::uri).anyMatch(uri -> uri.contains("shop"));

            // Removed by the CLI: the server notices at its next look (list_sources looks at once).
            try (StateStore store = JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir()))) {
                assertThat(store.sources().remove("shop")).isTrue();
            }
            changes.clear();
            call(client, "list_sources");
            List<McpSchema.Resource> afterRemove = changes.poll(10, TimeUnit.SECONDS);
            assertThat(afterRemove).isNotNull().extracting(McpSchema.Resource::uri).noneMatch(uri -> uri.contains("shop"));
        }
    }
}
