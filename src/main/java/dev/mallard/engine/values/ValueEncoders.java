package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.ArrayType;
import dev.mallard.engine.values.DuckDbType.Decimal;
import dev.mallard.engine.values.DuckDbType.EnumType;
import dev.mallard.engine.values.DuckDbType.ListType;
import dev.mallard.engine.values.DuckDbType.MapType;
import dev.mallard.engine.values.DuckDbType.Scalar;
import dev.mallard.engine.values.DuckDbType.StructType;
import dev.mallard.engine.values.DuckDbType.TupleType;
import dev.mallard.engine.values.DuckDbType.UnionType;
import dev.mallard.engine.values.DuckDbType.Unknown;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import org.duckdb.JsonNode;

/**
 * Chooses the {@link ValueEncoder} for a type, once, so that encoding a row is a chain of direct
 * calls. Each encoder checks the class it expects and hands anything else to {@link GenericEncoder},
 * so a driver that changes what it returns degrades the output instead of failing the query.
 */
final class ValueEncoders {

    private ValueEncoders() {}

    static ValueEncoder of(DuckDbType type) {
        return switch (type) {
            case Scalar scalar -> of(scalar);
            case Decimal decimal -> value -> value instanceof BigDecimal number
                    ? JsonNumbers.decimal(number)
                    : GenericEncoder.encodeValue(value);
            case ListType list -> ListEncoder.of(list.element());
            case ArrayType array -> ListEncoder.of(array.element());
            case StructType struct -> StructEncoder.of(struct);
            case TupleType tuple -> TupleEncoder.of(tuple);
            case MapType map -> MapEncoder.of(map);
            case UnionType union -> UnionEncoder.of(union);
            case EnumType ignored -> GenericEncoder.INSTANCE; // the driver returns the label as a String
            case Unknown ignored -> GenericEncoder.INSTANCE;
        };
    }

    private static ValueEncoder of(Scalar scalar) {
        return switch (scalar) {
            // The driver gives each of these its own Java class (Long, BigDecimal, LocalDate,
            // java.sql.Timestamp, Blob, org.duckdb.JsonNode...), and the rules for that class are the
            // rules for the type. VARCHAR and BIT are text that stays text.
            case BOOLEAN, TINYINT, SMALLINT, INTEGER, UTINYINT, USMALLINT, UINTEGER, BIGINT, UBIGINT, HUGEINT,
                    UHUGEINT, FLOAT, DOUBLE, UUID, BLOB, JSON, DATE, TIME, TIME_NS, TIME_WITH_TIME_ZONE, TIMESTAMP,
                    TIMESTAMP_S, TIMESTAMP_MS, TIMESTAMP_NS, TIMESTAMP_WITH_TIME_ZONE, VARCHAR, BIT ->
                GenericEncoder.INSTANCE;
            // These arrive as DuckDB's text, which only the type can tell apart from a VARCHAR.
            case BIGNUM -> value -> value instanceof String digits
                    ? JsonNumbers.integer(digits)
                    : GenericEncoder.encodeValue(value);
            case INTERVAL -> value -> value instanceof String text
                    ? IsoIntervals.fromDuckDb(text)
                    : GenericEncoder.encodeValue(value);
            case TIMESTAMPTZ_NS -> value -> value instanceof String text
                    ? IsoDateTimes.timestampTzText(text)
                    : GenericEncoder.encodeValue(value);
        };
    }

    /**
     * The class the driver uses for a value of this type inside a nested value, or {@link Object}
     * when it is not known. A union uses it to tell which member a value belongs to.
     */
    static Class<?> driverClass(DuckDbType type) {
        return switch (type) {
            case Scalar scalar -> switch (scalar) {
                case BOOLEAN -> Boolean.class;
                case TINYINT -> Byte.class;
                case SMALLINT, UTINYINT -> Short.class;
                case INTEGER, USMALLINT -> Integer.class;
                case BIGINT, UINTEGER -> Long.class;
                case HUGEINT, UHUGEINT, UBIGINT -> BigInteger.class;
                case FLOAT -> Float.class;
                case DOUBLE -> Double.class;
                case VARCHAR, BIT, BIGNUM, INTERVAL, TIMESTAMPTZ_NS -> String.class;
                case JSON -> JsonNode.class;
                case UUID -> java.util.UUID.class;
                case BLOB -> Blob.class;
                case DATE -> LocalDate.class;
                case TIME, TIME_NS -> LocalTime.class;
                case TIME_WITH_TIME_ZONE -> OffsetTime.class;
                case TIMESTAMP, TIMESTAMP_S, TIMESTAMP_MS, TIMESTAMP_NS -> Timestamp.class;
                case TIMESTAMP_WITH_TIME_ZONE -> OffsetDateTime.class;
            };
            case Decimal ignored -> BigDecimal.class;
            case ListType ignored -> java.sql.Array.class;
            case ArrayType ignored -> java.sql.Array.class;
            case StructType ignored -> java.sql.Struct.class;
            case TupleType ignored -> java.sql.Struct.class;
            case MapType ignored -> java.util.Map.class;
            case EnumType ignored -> String.class;
            // A union inside a union arrives as its active member's value: any class at all.
            case UnionType ignored -> Object.class;
            case Unknown ignored -> Object.class;
        };
    }
}
