package dev.mallard.audit;

import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

    private final AuditStore store;
    private final BlockingQueue<AuditEntry> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closing;

    public AuditWriter(AuditStore store) {
        this.store = store;
        this.writer = new Thread(this::writeUntilClosed, "mallard-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void record(AuditEntry entry) {
        if (closing) {
            store.append(List.of(entry));
            return;
        }
        try {
            queue.put(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.append(List.of(entry));
        }
    }

    /** Writes what is queued now; for tests and tools that read the log right after a call. */
    public void flush() {
        List<AuditEntry> batch = new ArrayList<>();
        synchronized (this) {
            queue.drainTo(batch);
            if (!batch.isEmpty()) {
                store.append(batch);
            }
        }
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
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Writes one batch, retrying while the store fails (the entries stay in memory meanwhile). */
    private void write(List<AuditEntry> batch) throws InterruptedException {
        while (true) {
            try {
                synchronized (this) {
                    store.append(batch);
                }
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    log.error("Could not write {} audit entries while shutting down: {}", batch.size(),
                            e.getMessage());
                    return;
                }
                log.error("Could not write {} audit entries; retrying: {}", batch.size(), e.getMessage());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }
}
