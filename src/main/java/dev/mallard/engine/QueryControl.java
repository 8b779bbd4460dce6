package dev.mallard.engine;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.duckdb.DuckDBConnection;
import org.duckdb.MallardConnectionAccess;
import org.duckdb.QueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a caller stop a query and watch its progress. A control is attached to the DuckDB connection
 * only while the query runs on it, so an interrupt can never reach the next query on that
 * connection.
 */
public final class QueryControl {
    private static final Logger log = LoggerFactory.getLogger(QueryControl.class);

    /** Why a query stopped early, if it did. */
    public enum Stop {
        NONE,
        CANCELLED,
        TIMED_OUT
    }

    private final QueryProgressListener progressListener;
    private final Duration timeLimit;
    private final AtomicReference<Stop> stop = new AtomicReference<>(Stop.NONE);
    private DuckDBConnection running;

    public QueryControl(QueryProgressListener progressListener) {
        this(progressListener, null);
    }

    /** @param timeLimit how long the query may run instead of the server's time limit (null: the server's) */
    public QueryControl(QueryProgressListener progressListener, Duration timeLimit) {
        this.progressListener = progressListener;
        this.timeLimit = timeLimit;
    }

    public static QueryControl unobserved() {
        return new QueryControl(null);
    }

    /** Stops the query on behalf of the client; harmless when it already finished. */
    public void cancel() {
        stop(Stop.CANCELLED);
    }

    void timeOut() {
        stop(Stop.TIMED_OUT);
    }

    public Stop stopped() {
        return stop.get();
    }

    Optional<Duration> timeLimit() {
        return Optional.ofNullable(timeLimit);
    }

    Optional<QueryProgressListener> progressListener() {
        return Optional.ofNullable(progressListener);
    }

    synchronized void attach(DuckDBConnection connection) {
        running = connection;
        if (stop.get() != Stop.NONE) {
            interrupt(connection);
        }
    }

    synchronized void detach() {
        running = null;
    }

    /** Reports DuckDB's progress to the listener, if a query is running and DuckDB has an estimate. */
    synchronized void reportProgress() {
        if (running == null || progressListener == null) {
            return;
        }
        try {
            QueryProgress progress = MallardConnectionAccess.progress(running);
            if (progress.getPercentage() >= 0) {
                progressListener.onProgress(progress.getPercentage(), progress.getRowsProcessed(),
                        progress.getTotalRowsToProcess());
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not read query progress", e);
        }
    }

    private void stop(Stop reason) {
        if (stop.compareAndSet(Stop.NONE, reason)) {
            synchronized (this) {
                if (running != null) {
                    interrupt(running);
                }
            }
        }
    }

    private static void interrupt(DuckDBConnection connection) {
        try {
            MallardConnectionAccess.interrupt(connection);
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not interrupt a DuckDB query", e);
        }
    }
}
