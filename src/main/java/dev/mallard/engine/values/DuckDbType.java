package dev.mallard.engine.values;

import java.util.List;
import java.util.Objects;

/**
 * A DuckDB logical type, parsed from its SQL name by {@link DuckDbTypeParser}, for example
 * {@code STRUCT(a INTEGER, b INTERVAL[])}.
 *
 * <p>The type decides how a value is turned into JSON; for nested types it is the only reliable
 * source of the element types, because the JDBC driver hands out nested values as plain Java
 * objects (an {@code INTERVAL} inside a list is just a {@link String}).
 */
public sealed interface DuckDbType {

    /** A type without parameters, identified by its canonical DuckDB name. */
    enum Scalar implements DuckDbType {
        BOOLEAN("BOOLEAN"),
        TINYINT("TINYINT"),
        SMALLINT("SMALLINT"),
        INTEGER("INTEGER"),
        BIGINT("BIGINT"),
        HUGEINT("HUGEINT"),
        UTINYINT("UTINYINT"),
        USMALLINT("USMALLINT"),
        UINTEGER("UINTEGER"),
        UBIGINT("UBIGINT"),
        UHUGEINT("UHUGEINT"),
        /** Arbitrary-precision integer, formerly called VARINT. */
        BIGNUM("BIGNUM"),
        FLOAT("FLOAT"),
        DOUBLE("DOUBLE"),
        VARCHAR("VARCHAR"),
        JSON("JSON"),
        UUID("UUID"),
        BLOB("BLOB"),
        BIT("BIT"),
        DATE("DATE"),
        TIME("TIME"),
        TIME_NS("TIME_NS"),
        TIME_WITH_TIME_ZONE("TIME WITH TIME ZONE"),
        TIMESTAMP("TIMESTAMP"),
        TIMESTAMP_S("TIMESTAMP_S"),
        TIMESTAMP_MS("TIMESTAMP_MS"),
        TIMESTAMP_NS("TIMESTAMP_NS"),
        TIMESTAMP_WITH_TIME_ZONE("TIMESTAMP WITH TIME ZONE"),
        TIMESTAMPTZ_NS("TIMESTAMPTZ_NS"),
        INTERVAL("INTERVAL");

        private final String sqlName;

        Scalar(String sqlName) {
            this.sqlName = sqlName;
        }

        /** The canonical name DuckDB reports for this type. */
        public String sqlName() {
            return sqlName;
        }
    }

    /** {@code DECIMAL(precision, scale)}. */
    record Decimal(int precision, int scale) implements DuckDbType {}

    /** A variable-length list, {@code ELEMENT[]}. */
    record ListType(DuckDbType element) implements DuckDbType {
        public ListType {
            Objects.requireNonNull(element, "element");
        }
    }

    /** A fixed-size array, {@code ELEMENT[size]}. */
    record ArrayType(DuckDbType element, int size) implements DuckDbType {
        public ArrayType {
            Objects.requireNonNull(element, "element");
        }
    }

    /** {@code STRUCT(name TYPE, ...)}, fields in declaration order. */
    record StructType(List<Field> fields) implements DuckDbType {
        public StructType {
            fields = List.copyOf(fields);
        }
    }

    /** {@code TUPLE(TYPE, ...)}: the unnamed row that {@code ROW(...)} produces. */
    record TupleType(List<DuckDbType> elements) implements DuckDbType {
        public TupleType {
            elements = List.copyOf(elements);
        }
    }

    /** {@code MAP(KEY, VALUE)}. */
    record MapType(DuckDbType key, DuckDbType value) implements DuckDbType {
        public MapType {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code UNION(name TYPE, ...)}, members in declaration order. */
    record UnionType(List<Field> members) implements DuckDbType {
        public UnionType {
            members = List.copyOf(members);
        }
    }

    /**
     * {@code ENUM('a', 'b')}. The values are empty when the name was a bare {@code ENUM}, which is
     * how the driver reports a top-level enum column.
     */
    record EnumType(List<String> values) implements DuckDbType {
        public EnumType {
            values = List.copyOf(values);
        }
    }

    /** Any type this package does not know, such as {@code GEOMETRY}, {@code VARIANT} or {@code "NULL"}. */
    record Unknown(String name) implements DuckDbType {
        public Unknown {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A named member of a {@link StructType} or {@link UnionType}. */
    record Field(String name, DuckDbType type) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
