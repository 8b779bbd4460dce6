package dev.mallard.exports;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Polls how many bytes the export area holds while an export is written and stops the writer once
 * they pass the area's size (see {@link ExportArea#watch}).
 */
public final class SizeWatch implements AutoCloseable {
    private static final long POLL_MILLIS = 100;

    private final LongSupplier used;
    private final long limit;
    private final Runnable stop;
    private final AtomicBoolean tripped = new AtomicBoolean();
    private final ScheduledFuture<?> polling;

    SizeWatch(ScheduledExecutorService scheduler, LongSupplier used, long limit, Runnable stop) {
        this.used = used;
        this.limit = limit;
        this.stop = stop;
        this.polling = scheduler.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether the area passed its size while the export was written, so the writer was stopped for that. */
    public boolean tripped() {
        return tripped.get();
    }

    private void check() {
        if (used.getAsLong() > limit && tripped.compareAndSet(false, true)) {
            stop.run();
        }
    }

    @Override
    public void close() {
        polling.cancel(false);
    }
}
