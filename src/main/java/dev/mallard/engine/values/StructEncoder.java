package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.Field;
import dev.mallard.engine.values.DuckDbType.StructType;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** STRUCT: a JSON object, fields in declaration order, each value encoded by its field type. */
record StructEncoder(List<String> names, List<ValueEncoder> fields) implements ValueEncoder {

    StructEncoder {
        names = List.copyOf(names);
        fields = List.copyOf(fields);
    }

    static StructEncoder of(StructType type) {
        return new StructEncoder(
                type.fields().stream().map(Field::name).toList(),
                type.fields().stream().map(field -> ValueEncoders.of(field.type())).toList());
    }

    @Override
    public Object encode(Object value) throws SQLException {
        if (!(value instanceof Struct struct)) {
            return GenericEncoder.encodeValue(value);
        }
        Object[] attributes = struct.getAttributes();
        if (attributes.length != names.size()) {
            return GenericEncoder.encodeValue(value); // the type name did not describe this value
        }
        Map<String, Object> object = LinkedHashMap.newLinkedHashMap(attributes.length);
        for (int i = 0; i < attributes.length; i++) {
            Object attribute = attributes[i];
            object.put(names.get(i), attribute == null ? null : fields.get(i).encode(attribute));
        }
        return object;
    }
}
