package dev.mallard.exports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Polls the size of a file being written and stops the writer once it passes a limit (see {@link ExportArea#watch}). */
public final class SizeWatch implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final Path file;
    private final long limit;
    private final Runnable stop;
    private final AtomicBoolean tripped = new AtomicBoolean();
    private final ScheduledFuture<?> polling;

    SizeWatch(ScheduledExecutorService scheduler, Path file, long limit, Runnable stop) {
        this.file = file;
        this.limit = limit;
        this.stop = stop;
        this.polling = scheduler.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether the file passed the limit, so the writer was stopped for that. */
    public boolean tripped() {
        return tripped.get();
    }

    private void check() {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return; // not created yet, or already gone
        }
        if (size > limit && tripped.compareAndSet(false, true)) {
            stop.run();
        }
    }

    @Override
    public void close() {
        polling.cancel(false);
    }
}
