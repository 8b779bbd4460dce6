package dev.mallard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** The stores' nullable BIGINT columns (counts, epoch-millisecond times) in statements and results. */
final class JdbcValues {
    private JdbcValues() {}

    static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static Long getLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        setLong(statement, index, value == null ? null : value.toEpochMilli());
    }

    static Instant getInstant(ResultSet rs, int column) throws SQLException {
        Long millis = getLong(rs, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
