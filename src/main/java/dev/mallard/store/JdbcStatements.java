package dev.mallard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one parameterised statement on a pooled connection. Parameters may be null; an {@link Instant}
 * is stored as epoch milliseconds and an {@link Optional} as its value or null.
 */
final class JdbcStatements {
    /** Reads one row. */
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataSource dataSource;

    JdbcStatements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    int update(String what, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not " + what, e);
        }
    }

    <T> List<T> list(String what, RowReader<T> reader, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new StoreException("Could not " + what, e);
        }
    }

    <T> Optional<T> one(String what, RowReader<T> reader, String sql, Object... parameters) {
        List<T> rows = list(what, reader, sql, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Whether an exception from {@link #update} says a unique or primary key already holds the value. */
    static boolean isDuplicateKey(StoreException e) {
        return e.getCause() instanceof SQLException sql && (sql.getMessage().contains("UNIQUE")
                || sql.getMessage().contains("PRIMARY KEY") || "23505".equals(sql.getSQLState()));
    }

    static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(JdbcValues.getInstant(rs, column));
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i] instanceof Optional<?> optional ? optional.orElse(null) : parameters[i];
            switch (value) {
                case null -> statement.setNull(i + 1, Types.NULL);
                case Instant instant -> statement.setLong(i + 1, instant.toEpochMilli());
                case Boolean bool -> statement.setBoolean(i + 1, bool);
                case Long number -> statement.setLong(i + 1, number);
                case Integer number -> statement.setInt(i + 1, number);
                default -> statement.setString(i + 1, value.toString());
            }
        }
    }
}
