package dev.mallard.engine;

import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs DuckDB work on a bounded pool of platform threads. DuckDB calls are native and would pin a
 * virtual thread for their whole duration, so callers (often virtual threads) hand the work over
 * and wait. A watchdog thread enforces the deadline and polls progress.
 */
final class QueryExecutor implements AutoCloseable {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;

    QueryExecutor(int threads, int queueCapacity) {
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                Thread.ofPlatform().daemon().name("mallard-duckdb-", 1).factory());
        this.workers.prestartAllCoreThreads();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("mallard-watchdog").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        this.watchdog = scheduler;
    }

    /**
     * Runs the work and waits for it. The deadline counts from now, queue time included: the client
     * waits for that too.
     */
    <T> T run(Callable<T> work, QueryControl control, Duration timeout) {
        ScheduledFuture<?> deadline = watchdog.schedule(control::timeOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
        ScheduledFuture<?> progress = control.progressListener().isPresent()
                ? watchdog.scheduleAtFixedRate(control::reportProgress, PROGRESS_INTERVAL.toMillis(),
                        PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
                : null;
        try {
            Future<T> future = submit(work);
            return await(future, control);
        } finally {
            deadline.cancel(false);
            if (progress != null) {
                progress.cancel(false);
            }
        }
    }

    private <T> Future<T> submit(Callable<T> work) {
        try {
            return workers.submit(work);
        } catch (RejectedExecutionException e) {
            throw new MallardException(ErrorCode.SERVER_BUSY, "Mallard is at capacity: " + workers.getActiveCount()
                    + " queries are running and " + workers.getQueue().size()
                    + " are waiting. Retry in a few seconds.");
        }
    }

    private static <T> T await(Future<T> future, QueryControl control) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            control.cancel();
            Thread.currentThread().interrupt();
            throw new MallardException(ErrorCode.QUERY_CANCELLED, "The query was cancelled.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MallardException mallard) {
                throw mallard;
            }
            throw new MallardException(ErrorCode.INTERNAL, "Query execution failed", e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        watchdog.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
