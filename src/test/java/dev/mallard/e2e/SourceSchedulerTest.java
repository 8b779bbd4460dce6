package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.app.Mallard;
import dev.mallard.sources.SyncLimits;
import dev.mallard.sources.SyncResult;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import dev.mallard.store.StoredSource;
import dev.mallard.testing.TestJsonApi;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.TestingClock;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source scheduler of a running server, on a short tick and (where time matters) a clock the
 * test moves: sources added and removed by the CLI, schedules, failures and retries, freshness.
 */
class SourceSchedulerTest {
    private static final Duration TICK = Duration.ofMillis(50);

    @TempDir
    Path directory;

    @RegisterExtension
    final TestJsonApi api = new TestJsonApi(30);

    private Path dataDir() {
        return directory.resolve("data");
    }

    private TestMallard start(Clock clock) {
        return TestMallard.builder().dataDir(dataDir()).inMemory("scratch").sourceTiming(clock, TICK).start();
    }

    private StoredSource stored(TestMallard server, String name) {
        return server.mallard().store().sources().find(name).orElseThrow();
    }

    private static long count(McpSyncClient client, String table) {
        return ((Number) rows(query(client, "SELECT count(*) FROM " + table)).getFirst().getFirst()).longValue();
    }

    /** Waits up to 10 s for {@code condition}, checking it every tick. */
    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(TICK.toMillis());
        }
        return condition.getAsBoolean();
    }

    /** The list_sources row of {@code name}: name, kind, tables, last_sync, age, stale_after, is_stale, last_error. */
    @SuppressWarnings("unchecked")
    private static List<Object> listed(McpSyncClient client, String name) {
        List<List<Object>> listed = (List<List<Object>>) structured(call(client, "list_sources")).get("rows");
        return listed.stream().filter(row -> row.getFirst().equals(name)).findFirst().orElseThrow();
    }

    /** Whether, within 10 s, the session hears of a resource list with (or without) the shop source's table. */
    private static boolean notified(BlockingQueue<List<McpSchema.Resource>> changes, boolean withShop)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<McpSchema.Resource> listed;
        while ((listed = changes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
            if (listed.stream().anyMatch(resource -> resource.uri().contains("shop")) == withShop) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSourceAddedWithTheCliWhileTheServerRunsIsServedWithoutAnyToolCallAndARemovedOneStops() throws Exception {
        try (TestMallard server = start(Clock.systemUTC())) {
            BlockingQueue<List<McpSchema.Resource>> changes = new LinkedBlockingQueue<>();
            McpSyncClient client = server.client(spec -> spec.resourcesChangeConsumer(changes::add));
            assertThat(error(query(client, "SELECT count(*) FROM shop.items"))).contains("shop");

            assertThat(api.registerAndSync(dataDir(), "shop", Optional.empty()))
                    .isInstanceOf(SyncResult.Published.class);
            assertThat(notified(changes, true)).as("the scheduler noticed the new source").isTrue();
            assertThat(count(client, "shop.items")).isEqualTo(30);

            try (StateStore store = JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir()))) {
                assertThat(store.sources().remove("shop")).isTrue();
            }
            assertThat(notified(changes, false)).as("the scheduler noticed the removal").isTrue();
            assertThat(error(query(client, "SELECT count(*) FROM shop.items"))).contains("shop");
        }
    }

    @Test
    void aScheduledSourceIsSyncedOnceItIsDueAndNotBefore() throws Exception {
        api.registerAndSync(dataDir(), "shop", "/pages", Optional.of(Duration.ofHours(1)), Optional.empty());
        TestingClock clock = new TestingClock(Instant.now());
        try (TestMallard server = start(clock)) {
            McpSyncClient client = server.client();
            int requests = api.requests("/pages");
            api.replaceRecords(45);
            Thread.sleep(TICK.multipliedBy(10).toMillis());
            assertThat(api.requests("/pages")).as("no sync before the hour is up").isEqualTo(requests);
            assertThat(count(client, "shop.items")).isEqualTo(30);

            clock.advance(Duration.ofHours(1));
            assertThat(await(() -> count(client, "shop.items") == 45)).as("synced by the scheduler").isTrue();
            assertThat(stored(server, "shop").sync().lastAttempt())
                    .contains(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void aFailedScheduledSyncKeepsTheDataRecordsTheErrorAndTheNextRunRetries() throws Exception {
        api.registerAndSync(dataDir(), "shop", "/flaky", Optional.of(Duration.ofHours(1)), Optional.empty());
        TestingClock clock = new TestingClock(Instant.now());
        try (TestMallard server = start(clock)) {
            McpSyncClient client = server.client();
            api.replaceRecords(45);
            // One failure per attempt: the first request and the sync's retries (4 by default) all fail.
            api.failFlaky(1 + SyncLimits.DEFAULTS.retries());
            clock.advance(Duration.ofHours(1));
            assertThat(await(() -> stored(server, "shop").sync().lastError().isPresent())).isTrue();
            assertThat(count(client, "shop.items")).as("the old data stays").isEqualTo(30);
            assertThat(text(call(client, "list_sources"))).contains("last sync failed:").contains("500");

            clock.advance(Duration.ofHours(1));
            assertThat(await(() -> count(client, "shop.items") == 45)).as("the next run retried").isTrue();
            assertThat(stored(server, "shop").sync().lastError()).isEmpty();
            assertThat(listed(client, "shop").get(7)).isNull();
        }
    }

    @Test
    void aSourceTurnsStaleExactlyAfterItsThresholdAndASyncMakesItFresh() throws Exception {
        api.registerAndSync(dataDir(), "shop", Optional.of(Duration.ofHours(1)));
        Instant synced;
        try (StateStore store = JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir()))) {
            synced = store.sources().find("shop").orElseThrow().sync().lastSuccess().orElseThrow();
        }
        TestingClock clock = new TestingClock(synced);
        try (TestMallard server = start(clock)) {
            McpSyncClient client = server.client();
            clock.advance(Duration.ofHours(1));
            assertThat(structured(query(client, "SELECT count(*) FROM shop.items"))).doesNotContainKey("message");
            assertThat(listed(client, "shop").get(6)).isEqualTo(false);

            clock.advance(Duration.ofMillis(1));
            assertThat(structured(query(client, "SELECT count(*) FROM shop.items")).get("message").toString())
                    .contains("Source shop was last synced 60 min ago (stale after 60 min)").contains("sync_source(source=\"shop\")");
            assertThat(listed(client, "shop").get(6)).isEqualTo(true);
            assertThat(text(call(client, "list_sources"))).contains("STALE");

            call(client, "sync_source", "source", "shop");
            assertThat(structured(query(client, "SELECT count(*) FROM shop.items"))).doesNotContainKey("message");
            assertThat(listed(client, "shop").get(6)).isEqualTo(false);
            assertThat(stored(server, "shop").sync().lastSuccess())
                    .contains(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        }
    }
}
