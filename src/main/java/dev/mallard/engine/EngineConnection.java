package dev.mallard.engine;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled DuckDB connection whose default catalog is one served database. It keeps the statements
 * Mallard runs on every call prepared, so they are parsed once per connection, not once per call,
 * and the callers' queries that come again ({@link RepeatedStatements}).
 *
 * <p>DuckDB lists a connection's prepared statements, with their text, in
 * {@code duckdb_prepared_statements()}: on a pooled connection that would show one caller the SQL
 * of others, so no caller may run that function (the query gate and query_rw refuse it, and
 * restricted callers may not run any {@code duckdb_} function).
 */
final class EngineConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineConnection.class);
    private static final String CLASSIFY_SQL = "SELECT json_serialize_sql(?::VARCHAR)";
    private static final String PLAN_SQL = "SELECT json_serialize_plan(?::VARCHAR)";
    /** The DuckDB function that lists a connection's prepared statements, which no caller may run. */
    static final String LISTS_KEPT_STATEMENTS = "duckdb_prepared_statements";
    static final String KEPT_STATEMENTS_PRIVATE = "it lists the SQL of statements other callers ran on Mallard's "
            + "shared connections";
    /** How many callers' statements a connection keeps prepared. */
    static final int KEPT_STATEMENTS = 32;

    private final DuckDBConnection connection;
    private final String database;
    private final Supplier<FileShadows> shadows;
    /** Mallard's own helper statements (constant text, one parameter), by their text. */
    private final Map<String, PreparedStatement> helpers = new HashMap<>();
    /** Callers' statements that came again, the most recently used last. */
    private final Map<String, PreparedStatement> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= KEPT_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    /**
     * @param database the served database the connection uses by default
     * @param shadows the file sources' shadow tables as they are now (see {@link FileShadows})
     */
    EngineConnection(DuckDBConnection connection, String database, Supplier<FileShadows> shadows) {
        this.connection = connection;
        this.database = database;
        this.shadows = shadows;
    }

    String database() {
        return database;
    }

    FileShadows shadows() {
        return shadows.get();
    }

    DuckDBConnection jdbc() {
        return connection;
    }

    PreparedStatement classifyStatement() throws SQLException {
        return helper(CLASSIFY_SQL);
    }

    /** DuckDB's bound plan of a statement, as JSON (see {@link PlanAccess}). */
    PreparedStatement planStatement() throws SQLException {
        return helper(PLAN_SQL);
    }

    /** One of Mallard's own helper statements (a constant text with parameters), prepared once per connection. */
    PreparedStatement helper(String sql) throws SQLException {
        PreparedStatement statement = helpers.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            helpers.put(sql, statement);
        }
        return statement;
    }

    /**
     * The caller's statement {@code sql} prepared on this connection: kept from an earlier call, or
     * prepared now when {@code prepare} says so. Empty when it is not kept and need not be.
     */
    Optional<PreparedStatement> kept(String sql, boolean prepare) throws SQLException {
        PreparedStatement statement = kept.get(sql);
        if (statement == null && prepare) {
            statement = connection.prepareStatement(sql);
            kept.put(sql, statement);
        }
        return Optional.ofNullable(statement);
    }

    /** True when {@code sql} is kept prepared here; asked only while no one uses this connection. */
    boolean keeps(String sql) {
        return kept.containsKey(sql);
    }

    /** Stops keeping {@code sql} prepared (after it failed: whatever failed is not kept). */
    void forget(String sql) {
        PreparedStatement statement = kept.remove(sql);
        if (statement != null) {
            closeQuietly(statement);
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            log.debug("Closing a kept statement: {}", e.getMessage());
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Ends the open transaction without its changes. A failure means there was nothing to undo: a
     * failed statement already aborted the transaction.
     */
    void rollback() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            log.debug("Rollback: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            for (PreparedStatement helper : helpers.values()) {
                helper.close();
            }
            for (PreparedStatement statement : kept.values()) {
                statement.close();
            }
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown or after a failure; nothing left to do
        }
    }
}
