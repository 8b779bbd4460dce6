package dev.mallard.bench;

import dev.mallard.error.MallardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The limit Mallard is measured against: the workload's SQL run directly through DuckDB JDBC in
 * this process, on the same database file opened read-only, no MCP in between. All connections
 * share one DuckDB instance (the driver keeps one per file), as Mallard's engine does.
 */
final class EngineBaseline implements AutoCloseable {
    private final Path file;
    private final List<Connection> connections = new ArrayList<>();
    private final Connection checks;

    EngineBaseline(Path file) {
        if (!Files.isRegularFile(file)) {
            throw MallardException.invalidArgument("Engine baseline database " + file + " does not exist: pass "
                    + "--engine-db with the DuckDB file the server serves (the demo is created by './mallard serve').");
        }
        this.file = file;
        this.checks = connect();
    }

    private Connection connect() {
        Properties properties = new Properties();
        properties.setProperty("duckdb.read_only", "true");
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), properties);
            synchronized (connections) {
                connections.add(connection);
            }
            return connection;
        } catch (SQLException e) {
            throw MallardException.invalidArgument("Cannot open " + file + " read-only for the engine baseline: "
                    + e.getMessage());
        }
    }

    /** A runner on its own connection: connections are not safe to share between threads. */
    CallRunner runner() {
        Connection connection = connect();
        return call -> run(connection, call);
    }

    private static Outcome run(Connection connection, WorkloadCall call) {
        try (Statement statement = connection.createStatement()) {
            for (String sql : call.engineSql()) {
                readAll(statement, sql);
            }
        } catch (SQLException e) {
            return Outcome.failed(ErrorKind.TOOL_ERROR, e.getMessage());
        }
        return Outcome.answer(0, null);
    }

    /** Reads every value as a Java object, as Mallard does before encoding a result. */
    private static void readAll(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    rows.getObject(column);
                }
            }
        }
    }

    /** The rows of a check query, each row a list of JDBC values. */
    List<List<Object>> rows(String sql) throws SQLException {
        List<List<Object>> result = new ArrayList<>();
        try (Statement statement = checks.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(rows.getObject(column));
                }
                result.add(row);
            }
        }
        return result;
    }

    @Override
    public void close() {
        synchronized (connections) {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // read-only: nothing to lose
                }
            }
        }
    }
}
