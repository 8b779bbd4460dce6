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
