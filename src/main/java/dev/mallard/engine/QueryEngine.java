package dev.mallard.engine;

import dev.mallard.config.QueryLimits;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBPreparedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs SQL against the served databases: read-only queries for {@code query}, writes for
 * {@code query_rw}, and metadata reads for the catalog. Every call runs on the DuckDB worker pool,
 * under the server's time limit, and can be cancelled.
 */
public final class QueryEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryEngine.class);
    private static final Duration TOTAL_ROW_COUNT_BUDGET = Duration.ofMillis(500);
    private static final int QUEUED_PER_WORKER = 64;
    private static final String FILES_HINT =
            "Mallard's DuckDB cannot read or write files outside the served databases.";
    private static final String MISSING_TABLE = "catalog error: table with name ";
    /** How DuckDB says a function belongs to an extension that is not loaded. */
    private static final String EXTENSION_FUNCTION = "is not in the catalog, but it exists in the ";
    private static final String LOST_MESSAGE = "Invalid Input Error: Invalid result set";

    /** Short calls that run at once per core; the other workers are for calls that start beside long ones. */
    private static final int SHORT_CALLS_PER_CORE = 2;
    /** How long a call runs before it no longer counts as short (see {@link QueryExecutor}). */
    private static final Duration LONG_CALL = Duration.ofMillis(20);

    private final DuckDbEngine engine;
    private final QueryLimits limits;
    private final QueryExecutor executor;
    private final StatementClassifier classifier = new StatementClassifier();
    private final RepeatedStatements repeated;
    private final ResultReader reader;
    private final ResultSnapshots snapshots;
    private final Set<QueryControl> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /**
     * @param workers how many queries run at once, each on a platform thread of its own
     * @param queryNice how many nice steps below request handling those threads run ({@link ThreadNice})
     */
    public QueryEngine(DuckDbEngine engine, QueryLimits limits, int workers, int queryNice, JsonMapper mapper,
            ResultSnapshots snapshots) {
        this.engine = engine;
        this.limits = limits;
        this.snapshots = snapshots;
        this.executor = new QueryExecutor(workers, workers * QUEUED_PER_WORKER, queryNice,
                SHORT_CALLS_PER_CORE * Runtime.getRuntime().availableProcessors(), LONG_CALL);
        // Remembering more texts than the connections can keep only prepares texts that are evicted
        // before they come again (light mix, 1,000 product ids: most of them were prepared for nothing).
        this.repeated = new RepeatedStatements(workers * EngineConnection.KEPT_STATEMENTS);
        this.reader = new ResultReader(mapper, TOTAL_ROW_COUNT_BUDGET);
    }

    public List<ServedDatabase> databases() {
        return engine.databases();
    }

    public ServedDatabase defaultDatabase() {
        return engine.defaultDatabase();
    }

    public Optional<ServedDatabase> database(String name) {
        return engine.database(name);
    }

    /** The engine itself, for serving sources ({@link DuckDbEngine#serveSource}). */
    public DuckDbEngine duckDb() {
        return engine;
    }

    public QueryLimits limits() {
        return limits;
    }

    /** How long a pageable read may spend keeping the rest of a result: half the query time limit. */
    public Duration snapshotTime() {
        return limits.timeout().dividedBy(2);
    }

    /** The snapshots behind cursors, for reading the pages after the first. */
    public ResultSnapshots snapshots() {
        return snapshots;
    }

    /**
     * Runs one read-only query. DuckDB's parser must see a single query; the database is attached
     * read-only or, when the server allows writes, the query runs in a read-only transaction.
     */
    public QueryResult read(String sql, ServedDatabase database, int maxRows, QueryControl control,
            DatabaseAccess access) {
        return read(sql, database, maxRows, control, access, Optional.empty());
    }

    /**
     * Like {@link #read}, but when the result is cut, the rows after the first page are kept, read
     * in the same transaction, so {@code owner} can page through exactly this result with
     * {@link QueryResult#nextCursor()}. Reading them stops at the per-result cap, or when half the
     * query's time limit has passed ({@link #snapshotTime()}).
     */
    public QueryResult readPageable(String sql, ServedDatabase database, int maxRows, QueryControl control,
            DatabaseAccess access, String owner) {
        return read(sql, database, maxRows, control, access,
                Optional.of(new ResultSnapshots.Origin(owner, sql, database.name())));
    }

    private QueryResult read(String sql, ServedDatabase database, int maxRows, QueryControl control,
            DatabaseAccess access, Optional<ResultSnapshots.Origin> keepFor) {
        return executor.run(() -> onConnection(database, control, sql, connection -> {
            requireSingleQuery(connection, sql);
            PlanAccess.check(connection, sql, access, false);
            String run = PiiMasking.rewrite(connection, sql, access.pii());
            try {
                return runRead(connection, run, maxRows, control, keepFor);
            } catch (SQLException e) {
                throw PiiMasking.hideRewrite(e, sql, run, access.pii());
            }
        }), control, timeLimit(control));
    }

    private QueryResult runRead(EngineConnection connection, String sql, int maxRows, QueryControl control,
            Optional<ResultSnapshots.Origin> keepFor) throws SQLException {
        boolean transaction = engine.anyAttachedReadWrite();
        if (transaction) {
            connection.execute("BEGIN TRANSACTION READ ONLY");
        }
        try {
            requireNotStopped(control);
            return runStatement(connection, sql, maxRows, keepFor);
        } catch (SQLException e) {
            if (control.stopped() != QueryControl.Stop.NONE || !lostMessage(e)) {
                throw e;
            }
            throw errorOfFailedStream(connection, sql, transaction, e);
        } finally {
            if (transaction) {
                connection.rollback();
            }
        }
    }

    /**
     * Writes the whole result of one read-only query to a file in DuckDB itself: the rows stream from
     * the query into the file and never pass through the JVM. The query is checked exactly as
     * {@link #read} checks it, then run inside {@code COPY (...) TO}, which Mallard writes around it.
     * The target must be in the export staging directory, the one directory DuckDB may write to. On
     * any failure (an error, the time limit, a cancellation) the partial file is deleted.
     */
    public ExportedRows export(String sql, ServedDatabase database, ExportFormat format, Path target,
            QueryControl control, DatabaseAccess access) {
        try {
            return executor.run(() -> onConnection(database, control, connection -> {
                try {
                    return runExport(connection, sql, format, target, access, control);
                } catch (SQLException | RuntimeException e) {
                    // DuckDB has stopped writing by now: the statement has returned.
                    deletePartial(target);
                    throw e;
                }
            }), control, limits.timeout());
        } catch (RuntimeException e) {
            deletePartial(target);
            throw e;
        }
    }

    private ExportedRows runExport(EngineConnection connection, String sql, ExportFormat format, Path target,
            DatabaseAccess access, QueryControl control) throws SQLException {
        requireSingleQuery(connection, sql);
        PlanAccess.check(connection, sql, access, false);
        String masked = PiiMasking.rewrite(connection, sql, access.pii());
        try {
            return runExport(connection, masked, format, target, control);
        } catch (SQLException e) {
            throw PiiMasking.hideRewrite(e, sql, masked, access.pii());
        }
    }

    private ExportedRows runExport(EngineConnection connection, String masked, ExportFormat format, Path target,
            QueryControl control) throws SQLException {
        String copy = ExportStatement.copy(masked, format, target);
        boolean transaction = engine.anyAttachedReadWrite();
        if (transaction) {
            connection.execute("BEGIN TRANSACTION READ ONLY");
        }
        try {
            List<ResultColumn> columns = new ArrayList<>();
            try (PreparedStatement query = connection.jdbc().prepareStatement(masked)) {
                ResultSetMetaData metaData = query.getMetaData();
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    columns.add(new ResultColumn(metaData.getColumnLabel(i), metaData.getColumnTypeName(i)));
                }
            }
            requireNotStopped(control);
            try (Statement statement = connection.jdbc().createStatement()) {
                statement.execute(copy);
                return new ExportedRows(Math.max(0, statement.getLargeUpdateCount()), columns);
            }
        } finally {
            if (transaction) {
                connection.rollback();
            }
        }
    }

    private static void deletePartial(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            log.warn("Could not delete the partial export {}: {}", target, e.getMessage());
        }
    }

    /**
     * Runs SQL that may change data and rolls it back: what it would do, statement by statement, with
     * sample rows before and after, and the fingerprints an apply must find again.
     */
    public ChangeReport preview(String sql, ServedDatabase database, QueryControl control, DatabaseAccess access) {
        requireWritable(database);
        DatabaseAccess checked = withoutSourceWrites(access);
        return executor.run(() -> onConnection(database, control, connection ->
                new ChangeRun(connection, reader, limits.maxChars(), ChangeRun.Mode.PREVIEW, checked)
                        .run(List.of(new ChangeRequest(sql, database, null)))), control, timeLimit(control));
    }

    /**
     * Applies changes in one transaction: every statement of every request, or none. A request with
     * an expectation is checked against it first (see {@link ChangeRequest.Expectation}); a mismatch
     * rolls everything back and raises {@link ErrorCode#DATA_CHANGED}.
     */
    public ChangeReport apply(List<ChangeRequest> requests, QueryControl control, DatabaseAccess access) {
        ServedDatabase database = requests.getFirst().database();
        if (requests.stream().anyMatch(r -> !r.database().equals(database))) {
            throw MallardException.invalidArgument("Changes applied together must all be in one database: DuckDB "
                    + "writes to a single database per transaction.");
        }
        requireWritable(database);
        DatabaseAccess checked = withoutSourceWrites(access);
        return executor.run(() -> onConnection(database, control, connection ->
                new ChangeRun(connection, reader, limits.maxChars(), ChangeRun.Mode.APPLY, checked).run(requests)),
                control, timeLimit(control));
    }

    /**
     * Sources are read-only to everyone: while any is served, every change is checked on its plan
     * (as for a caller granted only some databases), and a source's catalog is never writable.
     */
    private DatabaseAccess withoutSourceWrites(DatabaseAccess access) {
        if (!engine.hasSources()) {
            return access;
        }
        return new DatabaseAccess(access.readable(),
                database -> !engine.isSource(database) && access.writable().test(database), access.readsAll(), false);
    }

    private static void requireWritable(ServedDatabase database) {
        if (!database.writable()) {
            throw new MallardException(ErrorCode.READ_ONLY, "Database '" + database.name()
                    + "' is served read-only. Restart Mallard with --writes direct or --writes confirm to allow "
                    + "changes.");
        }
    }

    /**
     * The catalogs (databases and sources, lower case) that a statement reads, from its bound plan
     * in {@code database}; empty when it cannot be planned. Costs a planning round, so callers ask
     * only when the answer matters (a stale source is served).
     */
    public Set<String> catalogsRead(String sql, ServedDatabase database) {
        QueryControl control = QueryControl.unobserved();
        return executor.run(() -> onConnection(database, control, connection -> PlanAccess.catalogs(connection, sql)),
                control, timeLimit(control));
    }

    /** Runs catalog or other internal work on a connection of the database. */
    public <T> T withConnection(ServedDatabase database, ConnectionWork<T> work) {
        QueryControl control = QueryControl.unobserved();
        return executor.run(() -> onConnection(database, control, connection -> work.apply(connection.jdbc())),
                control, timeLimit(control));
    }

    /** Stops running queries (so shutdown does not wait for them), then the workers and DuckDB. */
    @Override
    public void close() {
        closing = true;
        running.forEach(QueryControl::cancel);
        executor.close();
        engine.close();
        snapshots.close();
    }

    private interface EngineWork<T> {
        T apply(EngineConnection connection) throws SQLException;
    }

    private <T> T onConnection(ServedDatabase database, QueryControl control, EngineWork<T> work)
            throws InterruptedException {
        return onConnection(database, control, null, work);
    }

    /** @param statement the caller's statement, to run where it is kept prepared, or null */
    private <T> T onConnection(ServedDatabase database, QueryControl control, String statement, EngineWork<T> work)
            throws InterruptedException {
        if (control.stopped() != QueryControl.Stop.NONE) {
            throw stoppedError(control);
        }
        if (closing) {
            throw new MallardException(ErrorCode.SERVER_BUSY, "Mallard is shutting down; retry once it is back.");
        }
        ConnectionPool pool = engine.pool(database);
        EngineConnection connection = pool.take(statement);
        control.attach(connection.jdbc());
        running.add(control);
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            if (control.stopped() != QueryControl.Stop.NONE) {
                throw stoppedError(control);
            }
            throw new MallardException(ErrorCode.SQL_ERROR,
                    withoutSettingsAdvice(SqlText.engineMessage(e)) + hintFor(e));
        } finally {
            running.remove(control);
            control.detach();
            pool.give(connection);
        }
    }

    private void requireSingleQuery(EngineConnection connection, String sql) throws SQLException {
        StatementClass kind = classifier.classify(connection, sql);
        switch (kind) {
            case StatementClass.Query query -> {
                // allowed
            }
            case StatementClass.NotAQuery notAQuery -> throw new MallardException(ErrorCode.READ_ONLY,
                    "The query tool only runs read-only queries (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, "
                            + "SHOW), and DuckDB parses this as another kind of statement. "
                            + (engine.writesAllowed()
                                    ? "To change data or the schema, use query_rw."
                                    : "This server does not allow changes; its databases are read-only."));
            case StatementClass.Several several -> throw MallardException.invalidArgument("The SQL holds "
                    + several.count() + " statements; the query tool runs one per call. Send them one at a time.");
            case StatementClass.Empty empty -> throw MallardException.invalidArgument(
                    "The SQL is empty. Pass a query such as SELECT * FROM my_table LIMIT 10.");
            case StatementClass.Invalid invalid -> throw new MallardException(ErrorCode.SQL_ERROR, invalid.message());
            case StatementClass.Forbidden forbidden -> throw MallardException.invalidArgument(forbidden.message()
                    + " Nothing was run.");
        }
    }

    /**
     * Runs the statement directly (DuckDB's pending query: parsed and planned once, as it runs) or, when
     * its text came lately already, as a prepared statement kept on the connection, which skips the
     * parser ({@link RepeatedStatements}). A kept statement that fails is dropped, so it is prepared
     * afresh if it comes again; DuckDB binds a kept statement again when the catalog changed.
     */
    private QueryResult runStatement(EngineConnection connection, String sql, int maxRows,
            Optional<ResultSnapshots.Origin> keepFor) throws SQLException {
        long start = System.nanoTime();
        Optional<PreparedStatement> kept = connection.kept(sql, repeated.cameAgain(sql));
        if (kept.isEmpty()) {
            try (Statement statement = connection.jdbc().createStatement()) {
                return result(statement, statement.execute(sql), maxRows, keepFor, start);
            }
        }
        try {
            PreparedStatement statement = kept.get();
            return result(statement, statement.execute(), maxRows, keepFor, start);
        } catch (SQLException | RuntimeException e) {
            connection.forget(sql);
            throw e;
        }
    }

    private QueryResult result(Statement statement, boolean rows, int maxRows,
            Optional<ResultSnapshots.Origin> keepFor, long start) throws SQLException {
        if (rows) {
            try (ResultSet rs = statement.getResultSet()) {
                long deadline = start + snapshotTime().toNanos();
                return reader.read(rs, maxRows, limits.maxChars(), start,
                        keepFor.map(origin -> new ResultReader.Keeping(snapshots, origin, deadline)));
            }
        }
        long changed = statement.getLargeUpdateCount();
        return QueryResult.noRows(changed >= 0 ? OptionalLong.of(changed) : OptionalLong.empty(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Whether DuckDB's JDBC driver dropped the message of an error. When a streamed query fails
     * before its first rows are ready (a failed cast, error(), a file it may not read), the driver
     * reports only "Invalid result set".
     */
    private static boolean lostMessage(SQLException e) {
        return LOST_MESSAGE.equals(SqlText.engineMessage(e));
    }

    /**
     * Runs a read that failed with a lost message again through the driver's chunked API, which
     * keeps DuckDB's message, and returns that error. The read returned nothing and changes nothing,
     * so running it again is safe; it fails as early as the first time.
     */
    private static SQLException errorOfFailedStream(EngineConnection connection, String sql, boolean transaction,
            SQLException lost) {
        try {
            if (transaction) {
                // The failed statement aborted the read-only transaction; start a fresh one.
                connection.rollback();
                connection.execute("BEGIN TRANSACTION READ ONLY");
            }
            try (PreparedStatement statement = connection.jdbc().prepareStatement(sql);
                    DuckDBChunkedResult ignored = statement.unwrap(DuckDBPreparedStatement.class).query()) {
                // It ran this time (the error depended on something that changed): report the original.
                log.debug("A read that failed with a lost message ran without error the second time");
            }
        } catch (SQLException e) {
            return e;
        }
        return lost;
    }

    private Duration timeLimit(QueryControl control) {
        return control.timeLimit().orElse(limits.timeout());
    }

    /**
     * Refuses to start the call's main statement once the call was stopped. A stop interrupts DuckDB,
     * but DuckDB clears a connection's interrupt when its next statement starts: a stop that lands
     * between the checks a call runs first (parsing, planning, BEGIN) and its main statement would
     * otherwise be lost, and the query would run to its end. (Interrupting again and again until the
     * work ends would close that gap too, but repeated interrupts can leave DuckDB's COPY hanging.)
     */
    private void requireNotStopped(QueryControl control) {
        if (control.stopped() != QueryControl.Stop.NONE) {
            throw stoppedError(control);
        }
    }

    private MallardException stoppedError(QueryControl control) {
        return switch (control.stopped()) {
            case CANCELLED -> new MallardException(ErrorCode.QUERY_CANCELLED, "The query was cancelled.");
            case TIMED_OUT -> new MallardException(ErrorCode.QUERY_TIMEOUT, "Query stopped after "
                    + timeLimit(control).toSeconds() + " s, the server's time limit"
                    + (control.timeLimit().isPresent() ? " for tasks" : "") + ". Narrow it: add a WHERE clause or "
                    + "a LIMIT, aggregate before returning rows, or try it on a sample (FROM t USING SAMPLE 1%).");
            case NONE -> new MallardException(ErrorCode.INTERNAL, "Query stopped for no reason");
        };
    }

    /**
     * DuckDB's message without the advice it appends to some errors: SET a setting, INSTALL or LOAD an
     * extension. Mallard refuses all of that, so the agent gets Mallard's hint instead.
     */
    private static String withoutSettingsAdvice(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        String advice = null;
        if (lower.startsWith("out of memory")) {
            advice = "Possible solutions:";
        } else if (lower.contains(EXTENSION_FUNCTION)) {
            advice = "Please try installing";
        }
        int cut = advice == null ? -1 : message.indexOf(advice);
        return cut < 0 ? message : message.substring(0, cut).strip();
    }

    private String hintFor(SQLException e) {
        String message = SqlText.engineMessage(e).toLowerCase(Locale.ROOT);
        if (message.startsWith("out of memory")) {
            return "\nThe query needs more memory than DuckDB is allowed here. Filter or aggregate earlier, "
                    + "or select fewer columns.";
        }
        if (message.contains(EXTENSION_FUNCTION)) {
            return "\nMallard's DuckDB does not install or load extensions, so this function is not available here.";
        }
        if (message.contains("file system operations are disabled") || message.contains("cannot access file")) {
            return "\n" + FILES_HINT;
        }
        if (message.startsWith(MISSING_TABLE) && looksLikePath(message.substring(MISSING_TABLE.length()))) {
            // DuckDB reads a quoted path without a known file extension as a table name.
            return "\nThat name looks like a file path: " + FILES_HINT;
        }
        if (message.contains("read-only mode")) {
            // A query that writes (nextval, a DML common table expression) met the read-only database or transaction.
            return engine.writesAllowed()
                    ? "\nThe query tool only reads; to change data, use query_rw."
                    : "\nThis server serves its databases read-only; nothing can be changed through it.";
        }
        return "";
    }

    private static boolean looksLikePath(String rest) {
        int end = rest.indexOf(" does not exist");
        String name = end < 0 ? rest : rest.substring(0, end);
        return name.contains("/") || name.contains("\\");
    }
}
