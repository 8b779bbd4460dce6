package dev.mallard.engine;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pooled DuckDB connection whose default catalog is one served database. It keeps the statements
 * Mallard runs on every call prepared, so they are parsed once per connection, not once per call.
 */
final class EngineConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineConnection.class);
    private static final String CLASSIFY_SQL = "SELECT json_serialize_sql(?::VARCHAR)";
    private static final String PLAN_SQL = "SELECT json_serialize_plan(?::VARCHAR)";

    private final DuckDBConnection connection;
    private final String database;
    private final Supplier<FileShadows> shadows;
    private PreparedStatement classifyStatement;
    private PreparedStatement planStatement;
    /** Mallard's own helper statements (constant text, one parameter), by their text. */
    private final java.util.Map<String, PreparedStatement> helpers = new java.util.HashMap<>();

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
        if (classifyStatement == null) {
            classifyStatement = connection.prepareStatement(CLASSIFY_SQL);
        }
        return classifyStatement;
    }

    /** DuckDB's bound plan of a statement, as JSON (see {@link PlanAccess}). */
    PreparedStatement planStatement() throws SQLException {
        if (planStatement == null) {
            planStatement = connection.prepareStatement(PLAN_SQL);
        }
        return planStatement;
    }

    /**
     * One of Mallard's own helper statements (a constant text with parameters, never a caller's SQL),
     * prepared once per connection. DuckDB lists a connection's prepared statements with their text,
     * which is why only constant texts may be kept here.
     */
    PreparedStatement helper(String sql) throws SQLException {
        PreparedStatement statement = helpers.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            helpers.put(sql, statement);
        }
        return statement;
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
            if (classifyStatement != null) {
                classifyStatement.close();
            }
            if (planStatement != null) {
                planStatement.close();
            }
            for (PreparedStatement helper : helpers.values()) {
                helper.close();
            }
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown or after a failure; nothing left to do
        }
    }
}
