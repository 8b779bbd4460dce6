package dev.mallard.engine.values;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** An in-memory DuckDB and the JSON writer the server uses, for tests that assert exact JSON text. */
final class DuckDbFixture implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final Connection connection;

    DuckDbFixture() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    /** {@code SELECT expression}, encoded by the column's encoder and written as JSON. */
    String json(String expression) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + expression)) {
            ColumnEncoder encoder = ColumnEncoders.forType(rs.getMetaData().getColumnTypeName(1));
            if (!rs.next()) {
                throw new AssertionError("no row for " + expression);
            }
            return JSON.writeValueAsString(encoder.encode(rs, 1));
        }
    }

    /**
     * Every element of a list expression as its own row ({@code SELECT unnest(list)}), encoded by
     * the element type's column encoder and written as one JSON array: checks the per-value rules.
     */
    String rows(String listExpression) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT unnest(" + listExpression + ")")) {
            ColumnEncoder encoder = ColumnEncoders.forType(rs.getMetaData().getColumnTypeName(1));
            List<Object> values = new ArrayList<>();
            while (rs.next()) {
                values.add(encoder.encode(rs, 1));
            }
            return JSON.writeValueAsString(values);
        }
    }

    /** The type name the driver reports for an expression. */
    String typeName(String expression) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT " + expression)) {
            return rs.getMetaData().getColumnTypeName(1);
        }
    }

    /** The text DuckDB itself prints for an expression ({@code CAST(expression AS VARCHAR)}). */
    String text(String expression) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CAST(" + expression + " AS VARCHAR)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Runs {@code action} with the JVM default time zone set to {@code zone}, then restores it. */
    static <T> T inTimeZone(String zone, ThrowingSupplier<T> action) throws SQLException {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try {
            return action.get();
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws SQLException;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
