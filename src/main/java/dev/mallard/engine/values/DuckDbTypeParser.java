package dev.mallard.engine.values;

import dev.mallard.engine.values.DuckDbType.ArrayType;
import dev.mallard.engine.values.DuckDbType.Decimal;
import dev.mallard.engine.values.DuckDbType.EnumType;
import dev.mallard.engine.values.DuckDbType.Field;
import dev.mallard.engine.values.DuckDbType.ListType;
import dev.mallard.engine.values.DuckDbType.MapType;
import dev.mallard.engine.values.DuckDbType.Scalar;
import dev.mallard.engine.values.DuckDbType.StructType;
import dev.mallard.engine.values.DuckDbType.TupleType;
import dev.mallard.engine.values.DuckDbType.UnionType;
import dev.mallard.engine.values.DuckDbType.Unknown;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses DuckDB type names, as {@link java.sql.ResultSetMetaData#getColumnTypeName(int)} reports
 * them, into {@link DuckDbType}s.
 *
 * <p>A small recursive-descent parser over the grammar DuckDB prints:
 * <pre>
 * type   := base ( '[' digits? ']' )*
 * base   := '"' quoted '"' | word+ ( '(' arguments ')' )?
 * STRUCT := STRUCT '(' name type ( ',' name type )* ')'      (UNION alike)
 * </pre>
 * Names it does not know, and text it cannot read, become {@link Unknown}: a new DuckDB type must
 * degrade to a generic encoding, never break a query.
 */
public final class DuckDbTypeParser {

    /** Canonical names and the aliases DuckDB accepts ({@code SELECT * FROM duckdb_types()}). */
    private static final Map<String, Scalar> SCALARS = scalarNames();

    private final String text;
    private int pos;

    private DuckDbTypeParser(String text) {
        this.text = text;
    }

    /**
     * Parses a DuckDB type name.
     *
     * @param typeName for example {@code "DECIMAL(38,9)"} or {@code "MAP(VARCHAR, INTEGER[])"}
     * @return the type; {@link Unknown} holding the whole name when it is not recognised
     */
    public static DuckDbType parse(String typeName) {
        Objects.requireNonNull(typeName, "typeName");
        DuckDbTypeParser parser = new DuckDbTypeParser(typeName);
        try {
            DuckDbType type = parser.type();
            parser.skipSpaces();
            return parser.atEnd() ? type : new Unknown(typeName.strip());
        } catch (Malformed | NumberFormatException e) {
            return new Unknown(typeName.strip());
        }
    }

    private DuckDbType type() {
        DuckDbType type = base();
        skipSpaces();
        while (peek() == '[') {
            pos++;
            skipSpaces();
            int start = pos;
            while (Character.isDigit(peek())) {
                pos++;
            }
            String size = text.substring(start, pos);
            expect(']');
            type = size.isEmpty() ? new ListType(type) : new ArrayType(type, Integer.parseInt(size));
            skipSpaces();
        }
        return type;
    }

    private DuckDbType base() {
        skipSpaces();
        int start = pos;
        if (peek() == '"') {
            // A quoted type name is how DuckDB prints its "NULL" type: not one we can encode by type.
            quoted('"');
            return new Unknown(text.substring(start, pos));
        }
        String name = words();
        skipSpaces();
        boolean hasArguments = peek() == '(';
        return switch (name) {
            case "STRUCT", "ROW" -> new StructType(fieldsIn());
            case "UNION" -> new UnionType(fieldsIn());
            case "TUPLE" -> new TupleType(typesIn());
            case "MAP" -> {
                List<DuckDbType> types = typesIn();
                if (types.size() != 2) {
                    throw new Malformed();
                }
                yield new MapType(types.get(0), types.get(1));
            }
            case "LIST" -> {
                List<DuckDbType> types = typesIn();
                if (types.size() != 1) {
                    throw new Malformed();
                }
                yield new ListType(types.get(0));
            }
            case "DECIMAL", "NUMERIC", "DEC" -> decimal(hasArguments);
            case "ENUM" -> new EnumType(hasArguments ? enumValues() : List.of());
            default -> {
                Scalar scalar = SCALARS.get(name);
                if (hasArguments) {
                    // VARCHAR(10) and the like: the arguments do not change the encoding.
                    skipBalanced();
                }
                yield scalar != null ? scalar : new Unknown(text.substring(start, pos).strip());
            }
        };
    }

    /** One or more words, upper-cased and joined by single spaces: "TIMESTAMP WITH TIME ZONE". */
    private String words() {
        StringBuilder name = new StringBuilder();
        while (true) {
            skipSpaces();
            int start = pos;
            while (isWordChar(peek())) {
                pos++;
            }
            if (start == pos) {
                break;
            }
            if (!name.isEmpty()) {
                name.append(' ');
            }
            name.append(text, start, pos);
        }
        if (name.isEmpty()) {
            throw new Malformed();
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    private List<Field> fieldsIn() {
        expect('(');
        List<Field> fields = new ArrayList<>();
        do {
            skipSpaces();
            String name = fieldName();
            fields.add(new Field(name, type()));
            skipSpaces();
        } while (consume(','));
        expect(')');
        return fields;
    }

    private String fieldName() {
        if (peek() == '"') {
            return quoted('"');
        }
        int start = pos;
        while (!atEnd() && !Character.isWhitespace(peek())) {
            pos++;
        }
        if (start == pos) {
            throw new Malformed();
        }
        return text.substring(start, pos);
    }

    private List<DuckDbType> typesIn() {
        expect('(');
        List<DuckDbType> types = new ArrayList<>();
        do {
            types.add(type());
            skipSpaces();
        } while (consume(','));
        expect(')');
        return types;
    }

    private Decimal decimal(boolean hasArguments) {
        if (!hasArguments) {
            return new Decimal(18, 3); // DuckDB's default for a bare DECIMAL
        }
        expect('(');
        int precision = integer();
        int scale = consume(',') ? integer() : 0;
        expect(')');
        return new Decimal(precision, scale);
    }

    private int integer() {
        skipSpaces();
        int start = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (start == pos) {
            throw new Malformed();
        }
        int value = Integer.parseInt(text, start, pos, 10);
        skipSpaces();
        return value;
    }

    private List<String> enumValues() {
        expect('(');
        List<String> values = new ArrayList<>();
        do {
            skipSpaces();
            values.add(quoted('\''));
            skipSpaces();
        } while (consume(','));
        expect(')');
        return values;
    }

    /** Reads a quoted token whose quote character is escaped by doubling it, as SQL does. */
    private String quoted(char quote) {
        expect(quote);
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new Malformed();
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                if (peek() != quote) {
                    return value.toString();
                }
                pos++;
            }
            value.append(c);
        }
    }

    /** Skips a parenthesised argument list, honouring nesting and quoted strings. */
    private void skipBalanced() {
        int depth = 0;
        do {
            char c = peek();
            switch (c) {
                case '(' -> {
                    depth++;
                    pos++;
                }
                case ')' -> {
                    depth--;
                    pos++;
                }
                case '\'', '"' -> quoted(c);
                case 0 -> throw new Malformed();
                default -> pos++;
            }
        } while (depth > 0);
    }

    private void expect(char c) {
        skipSpaces();
        if (peek() != c) {
            throw new Malformed();
        }
        pos++;
    }

    private boolean consume(char c) {
        skipSpaces();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** The current character, or 0 at the end of the text. */
    private char peek() {
        return atEnd() ? 0 : text.charAt(pos);
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private static boolean isWordChar(char c) {
        return c == '_' || (c < 128 && Character.isLetterOrDigit(c));
    }

    private static Map<String, Scalar> scalarNames() {
        Map<String, Scalar> names = new HashMap<>();
        for (Scalar scalar : Scalar.values()) {
            names.put(scalar.sqlName(), scalar);
        }
        alias(names, Scalar.BOOLEAN, "BOOL", "LOGICAL");
        alias(names, Scalar.TINYINT, "INT1");
        alias(names, Scalar.SMALLINT, "INT2", "INT16", "SHORT");
        alias(names, Scalar.INTEGER, "INT", "INT4", "INT32", "SIGNED", "INTEGRAL");
        alias(names, Scalar.BIGINT, "INT8", "INT64", "LONG", "OID");
        alias(names, Scalar.HUGEINT, "INT128");
        alias(names, Scalar.UTINYINT, "UINT8");
        alias(names, Scalar.USMALLINT, "UINT16");
        alias(names, Scalar.UINTEGER, "UINT32");
        alias(names, Scalar.UBIGINT, "UINT64");
        alias(names, Scalar.UHUGEINT, "UINT128");
        alias(names, Scalar.BIGNUM, "VARINT");
        alias(names, Scalar.FLOAT, "FLOAT4", "REAL");
        alias(names, Scalar.DOUBLE, "FLOAT8", "DOUBLE PRECISION");
        alias(names, Scalar.VARCHAR, "STRING", "TEXT", "CHAR", "BPCHAR", "NVARCHAR", "CHARACTER VARYING");
        alias(names, Scalar.UUID, "GUID");
        alias(names, Scalar.BLOB, "BYTEA", "BINARY", "VARBINARY");
        alias(names, Scalar.BIT, "BITSTRING");
        alias(names, Scalar.TIME_WITH_TIME_ZONE, "TIMETZ");
        alias(names, Scalar.TIMESTAMP, "DATETIME", "TIMESTAMP_US");
        alias(names, Scalar.TIMESTAMP_WITH_TIME_ZONE, "TIMESTAMPTZ");
        return Map.copyOf(names);
    }

    private static void alias(Map<String, Scalar> names, Scalar scalar, String... aliases) {
        for (String alias : aliases) {
            names.put(alias, scalar);
        }
    }

    /** Thrown inside the parser on text it cannot read; {@link #parse} turns it into {@link Unknown}. */
    private static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false);
        }
    }
}
