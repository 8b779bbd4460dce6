package dev.mallard.engine;

import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs DuckDB work on a bounded pool of platform threads. DuckDB calls are native and would pin a
 * virtual thread for their whole duration, so callers (often virtual threads) hand the work over
 * and wait. A watchdog thread enforces the deadlines and polls progress.
 *
 * <p>The watchdog looks at the calls under way every {@link #DEADLINE_TICK} rather than scheduling
 * a timer per call: scheduling and cancelling a timer woke the watchdog twice per call, which on
 * a small machine cost as much as a tenth of a short query's CPU time. A call is stopped at most a
 * tick after its deadline.
 */
final class QueryExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryExecutor.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEADLINE_TICK = Duration.ofMillis(20);

    /** A call under way and when it must stop (identity matters: one per call). */
    private static final class Deadline {
        final QueryControl control;
        final long at;

        Deadline(QueryControl control, long at) {
            this.control = control;
            this.at = at;
        }
    }

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final Set<Deadline> deadlines = ConcurrentHashMap.newKeySet();

    /** @param nice how many nice steps below request handling the workers run ({@link ThreadNice}) */
    QueryExecutor(int threads, int queueCapacity, int nice) {
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                ThreadNice.lowered(Thread.ofPlatform().daemon().name("mallard-duckdb-", 1).factory(), nice));
        this.workers.prestartAllCoreThreads();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("mallard-watchdog").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        this.watchdog = scheduler;
        long tick = DEADLINE_TICK.toNanos();
        watchdog.scheduleWithFixedDelay(this::stopLateCalls, tick, tick, TimeUnit.NANOSECONDS);
    }

    private void stopLateCalls() {
        long now = System.nanoTime();
        for (Deadline deadline : deadlines) {
            if (now - deadline.at >= 0 && deadlines.remove(deadline)) {
                try {
                    deadline.control.timeOut();
                } catch (RuntimeException e) {
                    // a failure here must not end the watchdog's ticks, which stop every other call
                    log.error("Could not stop a call past its time limit", e);
                }
            }
        }
    }

    /**
     * Runs the work and waits for it. The deadline counts from now, queue time included: the client
     * waits for that too.
     */
    <T> T run(Callable<T> work, QueryControl control, Duration timeout) {
        Deadline deadline = new Deadline(control, System.nanoTime() + timeout.toNanos());
        deadlines.add(deadline);
        ScheduledFuture<?> progress = control.progressListener().isPresent()
                ? watchdog.scheduleAtFixedRate(control::reportProgress, PROGRESS_INTERVAL.toMillis(),
                        PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
                : null;
        try {
            Future<T> future = submit(work);
            return await(future, control);
        } finally {
            deadlines.remove(deadline);
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
