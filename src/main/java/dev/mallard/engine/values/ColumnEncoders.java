package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.Scalar;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Base64;

/**
 * Chooses the {@link ColumnEncoder} for a DuckDB column from its type name.
 *
 * <p>The rules, in short: integers and decimals are JSON numbers while a double holds them exactly
 * and strings of their exact digits beyond that; NaN and infinities are the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}; dates and times are ISO-8601 text and infinite ones
 * {@code "infinity"} / {@code "-infinity"}; TIMESTAMP WITH TIME ZONE is written in UTC; intervals are
 * ISO-8601 durations; BLOBs are base64; JSON values are embedded; lists, structs, maps and unions are
 * JSON arrays and objects whose contents follow the same rules. Types not known here are encoded by
 * the class of the value the driver returns.
 *
 * <p>Results do not depend on the JVM default time zone, with one exception. Top-level TIMESTAMP and
 * TIMESTAMP WITH TIME ZONE columns, and lists of them, are read as DuckDB's stored microseconds;
 * other timestamp columns as date-times the driver computes in UTC. But a TIMESTAMP or TIMESTAMPTZ
 * directly inside a STRUCT, MAP or UNION is only available as the driver's {@link java.sql.Timestamp}
 * or {@link java.time.OffsetDateTime}, which pass through the default zone: in a zone with daylight
 * saving, wall-clock times inside the skipped hour (and instants inside the repeated hour) come out
 * shifted by the driver. Running the JVM with {@code -Duser.timezone=UTC} removes that.
 */
public final class ColumnEncoders {

    /** The only TIME value the driver cannot convert: DuckDB allows the end of the day. */
    private static final String END_OF_DAY = "24:00:00";

    /**
     * The driver fails on both TIMESTAMP_S infinities alike (its seconds exceed {@link java.time.Instant}),
     * so which one it was cannot be known; this marks the value as one of the two.
     */
    static final String EITHER_INFINITY = "±infinity";

    private ColumnEncoders() {}

    /**
     * The encoder for a column of the given type.
     *
     * @param duckDbTypeName the name {@link java.sql.ResultSetMetaData#getColumnTypeName(int)} reports,
     *     such as {@code "INTEGER"}, {@code "DECIMAL(18,3)"} or {@code "STRUCT(a INTEGER, b VARCHAR[])"}
     * @return an encoder to reuse for every row; never null, also for unknown types
     */
    public static ColumnEncoder forType(String duckDbTypeName) {
        DuckDbType type = DuckDbTypeParser.parse(duckDbTypeName);
        if (type instanceof Scalar scalar) {
            ColumnEncoder direct = direct(scalar);
            if (direct != null) {
                return direct;
            }
        }
        ValueEncoder encoder = ValueEncoders.of(type);
        return (rs, column) -> {
            Object value = rs.getObject(column);
            return value == null ? null : encoder.encode(value);
        };
    }

    /** Columns read through a more exact accessor than {@code getObject}, or null for none. */
    private static ColumnEncoder direct(Scalar scalar) {
        return switch (scalar) {
            case TIMESTAMP -> (rs, column) -> {
                long micros = rs.getLong(column);
                return rs.wasNull() ? null : IsoDateTimes.timestampMicros(micros);
            };
            case TIMESTAMP_WITH_TIME_ZONE -> (rs, column) -> {
                long micros = rs.getLong(column);
                return rs.wasNull() ? null : IsoDateTimes.timestampTzMicros(micros);
            };
            // A LocalDateTime from the driver is computed in UTC; its java.sql.Timestamp is not.
            case TIMESTAMP_MS, TIMESTAMP_NS -> ColumnEncoders::localDateTime;
            case TIMESTAMP_S -> (rs, column) -> {
                try {
                    return localDateTime(rs, column);
                } catch (DateTimeException e) {
                    return EITHER_INFINITY;
                }
            };
            case TIME, TIME_NS -> (rs, column) -> {
                try {
                    Object value = rs.getObject(column);
                    return value == null ? null : GenericEncoder.encodeValue(value);
                } catch (DateTimeException e) {
                    return END_OF_DAY;
                }
            };
            case BLOB -> (rs, column) -> {
                byte[] bytes = rs.getBytes(column);
                return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            };
            default -> null;
        };
    }

    private static Object localDateTime(ResultSet rs, int column) throws SQLException {
        LocalDateTime dateTime = rs.getObject(column, LocalDateTime.class);
        return dateTime == null ? null : IsoDateTimes.timestamp(dateTime);
    }
}
