package dev.mallard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.store.AuditStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The write-behind writer against a store that is slow to commit, as a busy disk is. */
class AuditWriterTest {
    /** Commits take a while; {@code appending} opens once a write has begun. */
    private static final class SlowStore implements AuditStore {
        private final List<AuditEntry> written = new ArrayList<>();
        private final CountDownLatch appending = new CountDownLatch(1);
        private final long millis;
        private int appends;

        SlowStore(long millis) {
            this.millis = millis;
        }

        @Override
        public void append(List<AuditEntry> entries) {
            appending.countDown();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.addAll(entries);
                appends++;
            }
        }

        @Override
        public List<AuditEntry> recent(AuditQuery query) {
            synchronized (written) {
                return List.copyOf(written);
            }
        }
    }

    private static AuditEntry entry(int n) {
        return new AuditEntry(Instant.now(), "local", null, "test", "1", null, "query", "demo", "SELECT " + n, null, "ok",
                1L, 10L, 1, null);
    }

    @Test
    void flushWaitsForTheBatchTheWriterThreadIsCommitting() throws InterruptedException {
        SlowStore store = new SlowStore(500);
        try (AuditWriter writer = new AuditWriter(store)) {
            writer.record(entry(1));
            assertThat(store.appending.await(5, TimeUnit.SECONDS)).as("the writer thread took the entry").isTrue();

            writer.flush();

            assertThat(store.recent(null)).extracting(AuditEntry::sql).containsExactly("SELECT 1");
        }
    }

    @Test
    void everyEntryRecordedBeforeAFlushIsWrittenWhenItReturns() {
        // The writer thread wakes up for each entry and races the flush for it; whoever takes it,
        // it must be committed by the time flush returns.
        SlowStore store = new SlowStore(0);
        try (AuditWriter writer = new AuditWriter(store)) {
            for (int i = 1; i <= 20_000; i++) {
                writer.record(entry(i));
                writer.flush();
                assertThat(store.recent(null)).as("after flush %d", i).hasSize(i);
            }
        }
    }

    @Test
    void entriesThatArriveTogetherShareATransactionAndAreWrittenWithoutAFlush() throws InterruptedException {
        SlowStore store = new SlowStore(0);
        try (AuditWriter writer = new AuditWriter(store)) {
            for (int i = 0; i < 300; i++) {
                writer.record(entry(i));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.recent(null).size() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.recent(null)).hasSize(300);
            synchronized (store.written) {
                assertThat(store.appends).as("transactions for 300 entries recorded at once").isLessThanOrEqualTo(10);
            }
        }
    }

    @Test
    void anEntryRecordedWhileTheWriterSleepsWakesIt() throws InterruptedException {
        SlowStore store = new SlowStore(0);
        try (AuditWriter writer = new AuditWriter(store)) {
            Thread.sleep(100); // the writer found nothing to write and sleeps
            long start = System.nanoTime();
            writer.record(entry(1));
            long deadline = start + AuditWriter.IDLE_WAIT.toNanos() / 2;
            while (store.recent(null).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.recent(null)).as("written well before the writer's idle sleep would end by itself")
                    .extracting(AuditEntry::sql).containsExactly("SELECT 1");
        }
    }

    @Test
    void closeWritesEverythingRecorded() {
        SlowStore store = new SlowStore(20);
        AuditWriter writer = new AuditWriter(store);
        for (int i = 0; i < 5_000; i++) {
            writer.record(entry(i));
        }
        writer.close();
        assertThat(store.recent(null)).hasSize(5_000);
        // After close, entries are written directly rather than lost in a queue nobody reads.
        writer.record(entry(5_000));
        assertThat(store.recent(null)).hasSize(5_001);
    }
}
