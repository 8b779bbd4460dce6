package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.Scalar;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** LIST and fixed-size ARRAY: a JSON array, each element encoded by the element type. */
record ListEncoder(ValueEncoder element) implements ValueEncoder {

    static ValueEncoder of(DuckDbType elementType) {
        return switch (elementType) {
            case Scalar.TIMESTAMP -> new TimestampListEncoder(false);
            case Scalar.TIMESTAMP_WITH_TIME_ZONE -> new TimestampListEncoder(true);
            default -> new ListEncoder(ValueEncoders.of(elementType));
        };
    }

    @Override
    public Object encode(Object value) throws SQLException {
        // The driver's arrays hold Object[]; anything else is left to the generic rules.
        if (!(value instanceof Array array) || !(array.getArray() instanceof Object[] items)) {
            return GenericEncoder.encodeValue(value);
        }
        List<Object> list = new ArrayList<>(items.length);
        for (Object item : items) {
            list.add(item == null ? null : element.encode(item));
        }
        return list;
    }
}
