package dev.mallard.testing;

import dev.mallard.demo.DemoDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Databases for tests: the demo (built once per test run) and small purpose-built files. */
public final class TestData {
    private static final Path ROOT = Path.of("target", "test-data").toAbsolutePath();

    private TestData() {}

    /** The demo database, shared by all tests; never opened read-write by them. */
    public static synchronized Path demo() {
        try {
            return DemoDatabase.ensure(ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small "sales" database: orders (id, amount), two rows. */
    public static Path sales(Path directory) {
        return database(directory, "sales.duckdb", "CREATE TABLE orders (id INTEGER, amount DECIMAL(10,2))",
                "INSERT INTO orders VALUES (1, 10.50), (2, 20.00)");
    }

    /** A small "hr" database a user is not to see: salaries (one row, 1000000) and a view over it. */
    public static Path hr(Path directory) {
        return database(directory, "hr.duckdb", "CREATE TABLE salaries (name VARCHAR, salary INTEGER)",
                "INSERT INTO salaries VALUES ('ceo', 1000000)", "CREATE VIEW salary_view AS SELECT * FROM salaries");
    }

    /** Creates a DuckDB file in the directory by running the statements, and returns its path. */
    public static Path database(Path directory, String fileName, String... statements) {
        Path file = directory.resolve(fileName);
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not build test database " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
