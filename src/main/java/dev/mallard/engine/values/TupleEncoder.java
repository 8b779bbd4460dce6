package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.TupleType;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;

/** TUPLE, the unnamed row {@code ROW(1, 'a')} makes: a JSON array, since it has no field names. */
record TupleEncoder(List<ValueEncoder> elements) implements ValueEncoder {

    TupleEncoder {
        elements = List.copyOf(elements);
    }

    static TupleEncoder of(TupleType type) {
        return new TupleEncoder(type.elements().stream().map(ValueEncoders::of).toList());
    }

    @Override
    public Object encode(Object value) throws SQLException {
        if (!(value instanceof Struct struct)) {
            return GenericEncoder.encodeValue(value);
        }
        Object[] attributes = struct.getAttributes();
        if (attributes.length != elements.size()) {
            return GenericEncoder.encodeValue(value); // the type name did not describe this value
        }
        List<Object> list = new ArrayList<>(attributes.length);
        for (int i = 0; i < attributes.length; i++) {
            list.add(attributes[i] == null ? null : elements.get(i).encode(attributes[i]));
        }
        return list;
    }
}
