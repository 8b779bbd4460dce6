package dev.mallard.audit;

import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit entries behind the calls they describe: a call only queues its entry; one thread
 * writes queued entries in batches, one transaction each. A full queue makes callers wait rather
 * than lose entries; closing writes everything still queued.
 */
public final class AuditWriter implements AuditLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    private static final int CAPACITY = 100_000;
    private static final int BATCH = 1_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private static final Duration FLUSH_WAIT = Duration.ofSeconds(30);
    /**
     * How long the writer waits for more entries after the first one, so that under load many calls
     * share one transaction instead of each paying for its own.
     */
    private static final Duration LINGER = Duration.ofMillis(20);

    private final AuditStore store;
    private final BlockingQueue<AuditEntry> queue = new LinkedBlockingQueue<>(CAPACITY);
    /** Serialises writes to the store. */
    private final Object writeLock = new Object();
    /** Flushes in progress; the writer stops lingering while there are any. */
    private final AtomicInteger flushes = new AtomicInteger();
    /** Entries put in the queue so far. */
    private final AtomicLong queued = new AtomicLong();
    /** Entries taken from the queue and written (or given up on); guarded by {@code this}. */
    private long done;
    private final Thread writer;
    private volatile boolean closing;

    public AuditWriter(AuditStore store) {
        this.store = store;
        this.writer = Thread.ofPlatform().daemon().name("mallard-audit-writer").start(this::writeUntilClosed);
    }

    @Override
    public void record(AuditEntry entry) {
        if (closing) {
            store.append(List.of(entry));
            return;
        }
        try {
            queue.put(entry);
            queued.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.append(List.of(entry));
            return;
        }
        if (closing) {
            // close() may have drained the queue before this entry arrived; don't leave it there.
            flush();
        }
    }

    /**
     * Returns once every entry recorded before the call is written, including a batch the writer
     * thread has taken from the queue but not yet committed; for tests and tools that read the log
     * right after a call.
     */
    public void flush() {
        flushes.incrementAndGet();
        try {
            awaitWritten();
        } finally {
            flushes.decrementAndGet();
        }
    }

    private void awaitWritten() {
        long target = queued.get();
        List<AuditEntry> batch = new ArrayList<>();
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            synchronized (writeLock) {
                store.append(batch);
            }
            markDone(batch.size());
        }
        long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
        synchronized (this) {
            while (done < target) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    log.warn("Audit entries still unwritten after waiting {}s", FLUSH_WAIT.toSeconds());
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private synchronized void markDone(int entries) {
        done += entries;
        notifyAll();
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    private void writeUntilClosed() {
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                AuditEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                collect(batch);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (!batch.isEmpty()) {
                    log.error("Audit writer interrupted; {} audit entries were not written", batch.size());
                    markDone(batch.size());
                }
                return;
            }
        }
    }

    /**
     * Adds entries that arrive within {@link #LINGER} to the batch, up to its size; stops waiting at
     * once when someone flushes or the writer closes.
     */
    private void collect(List<AuditEntry> batch) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (batch.size() < BATCH && !closing && flushes.get() == 0) {
            queue.drainTo(batch, BATCH - batch.size());
            long left = deadline - System.nanoTime();
            if (left <= 0 || batch.size() >= BATCH) {
                break;
            }
            AuditEntry next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
        queue.drainTo(batch, BATCH - batch.size());
    }

    /** Writes one batch, retrying while the store fails (the entries stay in memory meanwhile). */
    private void write(List<AuditEntry> batch) throws InterruptedException {
        while (true) {
            try {
                synchronized (writeLock) {
                    store.append(batch);
                }
                markDone(batch.size());
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    log.error("Could not write {} audit entries while shutting down: {}", batch.size(),
                            e.getMessage());
                    markDone(batch.size());
                    return;
                }
                log.error("Could not write {} audit entries; retrying: {}", batch.size(), e.getMessage());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }
}
