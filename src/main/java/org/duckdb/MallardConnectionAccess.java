package org.duckdb;

/**
 * Reaches DuckDB's own interrupt and progress functions for a connection while a query runs on it.
 *
 * <p>Why this lives in DuckDB's package: the JDBC driver's {@code Statement.cancel()} and
 * {@code getQueryProgress()} both take the connection lock, and with streaming results the driver
 * holds that lock for the whole of every fetch, which is where a streaming query does its work. A
 * query stuck inside a fetch could then be neither cancelled nor observed. DuckDB's interrupt and
 * progress calls are made for use from another thread (the CLI's Ctrl-C does the same), so they are
 * called here without the Java lock. Callers must only pass connections that stay open for the
 * duration of the call.
 */
public final class MallardConnectionAccess {
    private MallardConnectionAccess() {}

    /** Asks DuckDB to abort whatever runs on the connection; a no-op when it is idle. */
    public static void interrupt(DuckDBConnection connection) throws java.sql.SQLException {
        DuckDBNative.duckdb_jdbc_interrupt(connection.connRef);
    }

    /** DuckDB's progress estimate for the query running on the connection (percentage -1 if none). */
    public static QueryProgress progress(DuckDBConnection connection) throws java.sql.SQLException {
        return DuckDBNative.duckdb_jdbc_query_progress(connection.connRef);
    }
}
