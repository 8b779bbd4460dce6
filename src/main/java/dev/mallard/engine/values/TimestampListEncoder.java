package dev.mallard.engine.values;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of TIMESTAMP or TIMESTAMP WITH TIME ZONE, read as DuckDB's own microsecond values.
 *
 * <p>The driver's element objects for these types go through the JVM default time zone
 * ({@link java.sql.Timestamp}, and an {@link java.time.OffsetDateTime} whose offset is looked up at
 * the wrong instant), which shifts values next to a daylight saving change. The array's result set
 * gives the stored microseconds instead, so lists, the most common nested place for timestamps, come
 * out exact whatever the default zone.
 */
record TimestampListEncoder(boolean withTimeZone) implements ValueEncoder {

    @Override
    public Object encode(Object value) throws SQLException {
        if (!(value instanceof Array array) || !(array.getArray() instanceof Object[] items)) {
            return GenericEncoder.encodeValue(value);
        }
        List<Object> list = new ArrayList<>(items.length);
        // Column 1 of an array's result set is the index, column 2 the element. The element's null
        // flag is taken from the objects: the array result set does not track it for getLong.
        try (ResultSet elements = array.getResultSet()) {
            for (Object item : items) {
                if (!elements.next()) {
                    throw new SQLException("array result set ended before its array");
                }
                if (item == null) {
                    list.add(null);
                } else {
                    long micros = elements.getLong(2);
                    list.add(withTimeZone ? IsoDateTimes.timestampTzMicros(micros) : IsoDateTimes.timestampMicros(micros));
                }
            }
        }
        return list;
    }
}
