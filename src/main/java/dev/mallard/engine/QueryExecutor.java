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
 *
 * <p>Only {@code startingAtOnce} workers (two per core) take calls while none runs long; the pool
 * grows by one worker for each call that has run for {@code longCall} (checked as a call comes and
 * at every tick), up to {@code threads}, and shrinks again at a tick once those have ended. Many
 * short queries thus run a few at a time, first come first served, each soon done, instead of all
 * at once sharing the cores in time slices; a short query still starts beside heavy ones instead
 * of queueing behind them (the reason for the default of four workers per core). Measured (200
 * sessions, 20 calling the light mix, 2 cores): p99 31-34 ms with 8 at once against 22-25 ms with
 * 4, and more calls per second.
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

    /** When a call on a worker started (identity matters: one per call). */
    private static final class Running {
        final long since = System.nanoTime();
    }

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final Set<Deadline> deadlines = ConcurrentHashMap.newKeySet();
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final int threads;
    private final int startingAtOnce;
    private final long longCallNanos;

    /**
     * @param nice how many nice steps below request handling the workers run ({@link ThreadNice})
     * @param startingAtOnce how many workers take calls while none runs for {@code longCall} (all
     *     {@code threads} when it is as many or more)
     */
    QueryExecutor(int threads, int queueCapacity, int nice, int startingAtOnce, Duration longCall) {
        this.threads = threads;
        this.startingAtOnce = Math.min(startingAtOnce, threads);
        this.longCallNanos = longCall.toNanos();
        this.workers = new ThreadPoolExecutor(this.startingAtOnce, this.startingAtOnce, 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
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
        if (startingAtOnce < threads) {
            fitWorkersToLongCalls(true);
        }
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
            Future<T> future = submit(() -> {
                Running call = new Running();
                running.add(call);
                try {
                    return work.call();
                } finally {
                    running.remove(call);
                }
            });
            if (startingAtOnce < threads && running.size() >= workers.getCorePoolSize()) {
                fitWorkersToLongCalls(false);
            }
            return await(future, control);
        } finally {
            deadlines.remove(deadline);
            if (progress != null) {
                progress.cancel(false);
            }
        }
    }

    /**
     * One worker beyond those for short calls for each call that has run for {@code longCall}. A
     * larger pool starts workers for queued calls at once. A smaller one (only at a tick, so that the
     * pool does not shrink and grow with every call) ends the extra workers as they finish their
     * calls: a pool that waited for them to idle kept them all under a steady load of short calls.
     */
    private synchronized void fitWorkersToLongCalls(boolean mayShrink) {
        long now = System.nanoTime();
        int longCalls = 0;
        for (Running call : running) {
            if (now - call.since >= longCallNanos) {
                longCalls++;
            }
        }
        int wanted = Math.min(threads, startingAtOnce + longCalls);
        int current = workers.getCorePoolSize();
        if (wanted > current) {
            workers.setMaximumPoolSize(wanted);
            workers.setCorePoolSize(wanted);
        } else if (wanted < current && mayShrink) {
            workers.setCorePoolSize(wanted);
            workers.setMaximumPoolSize(wanted);
        }
    }

    /** How many workers take calls now. */
    int workersTakingCalls() {
        return workers.getMaximumPoolSize();
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
