package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.EnumType;
import dev.mallard.engine.values.DuckDbType.MapType;
import dev.mallard.engine.values.DuckDbType.Scalar;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MAP(K, V). When every key has a natural, unique text form (VARCHAR, ENUM, UUID and the integer
 * types) the map is a JSON object keyed by that text. Other keys (dates, doubles, structs...) would
 * need a lossy or ambiguous rendering to become object keys, so those maps are an array of
 * {@code {"key": k, "value": v}} objects, with keys encoded by their type like any value.
 */
record MapEncoder(boolean asObject, ValueEncoder key, ValueEncoder value) implements ValueEncoder {

    static MapEncoder of(MapType type) {
        return new MapEncoder(hasTextKeys(type.key()), ValueEncoders.of(type.key()), ValueEncoders.of(type.value()));
    }

    private static boolean hasTextKeys(DuckDbType keyType) {
        return switch (keyType) {
            case Scalar scalar -> switch (scalar) {
                case VARCHAR, UUID, TINYINT, SMALLINT, INTEGER, BIGINT, HUGEINT, UTINYINT, USMALLINT, UINTEGER,
                        UBIGINT, UHUGEINT, BIGNUM -> true;
                default -> false;
            };
            case EnumType ignored -> true;
            default -> false;
        };
    }

    @Override
    public Object encode(Object map) throws SQLException {
        if (!(map instanceof Map<?, ?> entries)) {
            return GenericEncoder.encodeValue(map);
        }
        return asObject ? object(entries) : pairs(entries);
    }

    private Map<String, Object> object(Map<?, ?> entries) throws SQLException {
        Map<String, Object> object = LinkedHashMap.newLinkedHashMap(entries.size());
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            object.put(String.valueOf(entry.getKey()), encodeOrNull(value, entry.getValue()));
        }
        return object;
    }

    private List<Object> pairs(Map<?, ?> entries) throws SQLException {
        List<Object> pairs = new ArrayList<>(entries.size());
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            Map<String, Object> pair = LinkedHashMap.newLinkedHashMap(2);
            pair.put("key", encodeOrNull(key, entry.getKey()));
            pair.put("value", encodeOrNull(value, entry.getValue()));
            pairs.add(pair);
        }
        return pairs;
    }

    private static Object encodeOrNull(ValueEncoder encoder, Object value) throws SQLException {
        return value == null ? null : encoder.encode(value);
    }
}
