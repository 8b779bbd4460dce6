package dev.mallard.engine.values;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.duckdb.DuckDBStruct;
import org.duckdb.JsonNode;

/**
 * Encodes a value by its Java class, for types this package does not know (a future DuckDB type,
 * GEOMETRY, VARIANT, the NULL type) and for values whose class does not match their declared type.
 * It follows the same rules as the typed encoders wherever the class alone is enough to apply them,
 * and never throws for an unexpected class: anything else becomes its {@code toString()}.
 */
final class GenericEncoder implements ValueEncoder {

    static final GenericEncoder INSTANCE = new GenericEncoder();

    private GenericEncoder() {}

    @Override
    public Object encode(Object value) throws SQLException {
        return encodeValue(value);
    }

    static Object encodeValue(Object value) throws SQLException {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean bool -> bool;
            case Integer number -> number;
            case Byte number -> number.intValue();
            case Short number -> number.intValue();
            case Long number -> JsonNumbers.integer(number);
            case BigInteger number -> JsonNumbers.integer(number);
            case BigDecimal number -> JsonNumbers.decimal(number);
            case Float number -> JsonNumbers.real(number);
            case Double number -> JsonNumbers.real(number);
            case Number number -> number;
            case UUID uuid -> uuid.toString();
            case JsonNode json -> EmbeddedJson.parse(json.toString());
            case LocalDate date -> IsoDateTimes.date(date);
            case LocalTime time -> IsoDateTimes.time(time);
            case OffsetTime time -> IsoDateTimes.time(time);
            case LocalDateTime dateTime -> IsoDateTimes.timestamp(dateTime);
            case Timestamp timestamp -> IsoDateTimes.timestamp(timestamp);
            case OffsetDateTime dateTime -> IsoDateTimes.timestampTz(dateTime);
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Blob blob -> base64(blob);
            case Array array -> list(array);
            case DuckDBStruct struct -> map(struct.getMap());
            case Struct struct -> list(struct.getAttributes());
            case Map<?, ?> map -> map(map);
            default -> value.toString();
        };
    }

    /** BLOB: standard base64 with padding, the usual way to carry bytes in JSON. */
    static String base64(Blob blob) throws SQLException {
        return Base64.getEncoder().encodeToString(blob.getBytes(1, Math.toIntExact(blob.length())));
    }

    private static Object list(Array array) throws SQLException {
        return array.getArray() instanceof Object[] items ? list(items) : array.toString();
    }

    private static List<Object> list(Object[] items) throws SQLException {
        List<Object> list = new ArrayList<>(items.length);
        for (Object item : items) {
            list.add(encodeValue(item));
        }
        return list;
    }

    private static Map<String, Object> map(Map<?, ?> map) throws SQLException {
        Map<String, Object> object = LinkedHashMap.newLinkedHashMap(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            object.put(String.valueOf(entry.getKey()), encodeValue(entry.getValue()));
        }
        return object;
    }
}
