package dev.mallard.engine.values;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuckDbTypeParserTest {

    @Test
    void decimal() {
        assertThat(DuckDbTypeParser.parse("DECIMAL(38,9)")).isEqualTo(new Decimal(38, 9));
        assertThat(DuckDbTypeParser.parse("decimal( 4 , 2 )")).isEqualTo(new Decimal(4, 2));
        assertThat(DuckDbTypeParser.parse("NUMERIC(10)")).isEqualTo(new Decimal(10, 0));
        assertThat(DuckDbTypeParser.parse("DECIMAL")).isEqualTo(new Decimal(18, 3));
    }

    @Test
    void listsAndArrays() {
        assertThat(DuckDbTypeParser.parse("INTEGER[]")).isEqualTo(new ListType(Scalar.INTEGER));
        assertThat(DuckDbTypeParser.parse("INTEGER[3]")).isEqualTo(new ArrayType(Scalar.INTEGER, 3));
        assertThat(DuckDbTypeParser.parse("INTEGER[][]")).isEqualTo(new ListType(new ListType(Scalar.INTEGER)));
        assertThat(DuckDbTypeParser.parse("INTEGER[2][3]"))
                .isEqualTo(new ArrayType(new ArrayType(Scalar.INTEGER, 2), 3));
        assertThat(DuckDbTypeParser.parse("DECIMAL(4,2)[]")).isEqualTo(new ListType(new Decimal(4, 2)));
        assertThat(DuckDbTypeParser.parse("LIST(VARCHAR)")).isEqualTo(new ListType(Scalar.VARCHAR));
    }

    @Test
    void listOfStructs() {
        assertThat(DuckDbTypeParser.parse("STRUCT(a INTEGER, b INTEGER[])[]"))
                .isEqualTo(new ListType(new StructType(List.of(
                        new Field("a", Scalar.INTEGER), new Field("b", new ListType(Scalar.INTEGER))))));
    }

    @Test
    void mapOfStructs() {
        assertThat(DuckDbTypeParser.parse("MAP(VARCHAR, STRUCT(x DOUBLE))"))
                .isEqualTo(new MapType(Scalar.VARCHAR, new StructType(List.of(new Field("x", Scalar.DOUBLE)))));
        assertThat(DuckDbTypeParser.parse("MAP(\"NULL\", \"NULL\")"))
                .isEqualTo(new MapType(new Unknown("\"NULL\""), new Unknown("\"NULL\"")));
    }

    @Test
    void union() {
        assertThat(DuckDbTypeParser.parse("UNION(num INTEGER, str VARCHAR)"))
                .isEqualTo(new UnionType(List.of(new Field("num", Scalar.INTEGER), new Field("str", Scalar.VARCHAR))));
    }

    @Test
    void multiWordNames() {
        assertThat(DuckDbTypeParser.parse("TIMESTAMP WITH TIME ZONE")).isEqualTo(Scalar.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(DuckDbTypeParser.parse("TIME WITH TIME ZONE")).isEqualTo(Scalar.TIME_WITH_TIME_ZONE);
        assertThat(DuckDbTypeParser.parse("timestamp  with time zone[]"))
                .isEqualTo(new ListType(Scalar.TIMESTAMP_WITH_TIME_ZONE));
        assertThat(DuckDbTypeParser.parse("STRUCT(at TIMESTAMP WITH TIME ZONE, n INTEGER)"))
                .isEqualTo(new StructType(List.of(
                        new Field("at", Scalar.TIMESTAMP_WITH_TIME_ZONE), new Field("n", Scalar.INTEGER))));
    }

    @Test
    void enumWithQuotedValues() {
        assertThat(DuckDbTypeParser.parse("ENUM('a', 'b')")).isEqualTo(new EnumType(List.of("a", "b")));
        assertThat(DuckDbTypeParser.parse("ENUM('it''s', 'x, y', ')')"))
                .isEqualTo(new EnumType(List.of("it's", "x, y", ")")));
        assertThat(DuckDbTypeParser.parse("ENUM")).isEqualTo(new EnumType(List.of()));
    }

    @Test
    void quotedStructFieldNames() {
        assertThat(DuckDbTypeParser.parse("STRUCT(\"my field\" INTEGER)"))
                .isEqualTo(new StructType(List.of(new Field("my field", Scalar.INTEGER))));
        assertThat(DuckDbTypeParser.parse("STRUCT(\"a\"\"b\" VARCHAR, \"x, y\" INTEGER[], \"(\" DATE)"))
                .isEqualTo(new StructType(List.of(
                        new Field("a\"b", Scalar.VARCHAR),
                        new Field("x, y", new ListType(Scalar.INTEGER)),
                        new Field("(", Scalar.DATE))));
    }

    @Test
    void theNullTypeIsUnknown() {
        assertThat(DuckDbTypeParser.parse("\"NULL\"")).isEqualTo(new Unknown("\"NULL\""));
        assertThat(DuckDbTypeParser.parse("STRUCT(a \"NULL\")"))
                .isEqualTo(new StructType(List.of(new Field("a", new Unknown("\"NULL\"")))));
    }

    @Test
    void tuple() {
        assertThat(DuckDbTypeParser.parse("TUPLE(INTEGER, VARCHAR[])"))
                .isEqualTo(new TupleType(List.of(Scalar.INTEGER, new ListType(Scalar.VARCHAR))));
    }

    @Test
    void everyScalarByItsCanonicalName() {
        for (Scalar scalar : Scalar.values()) {
            assertThat(DuckDbTypeParser.parse(scalar.sqlName())).isEqualTo(scalar);
        }
    }

    @Test
    void aliases() {
        assertThat(DuckDbTypeParser.parse("int")).isEqualTo(Scalar.INTEGER);
        assertThat(DuckDbTypeParser.parse("INT8")).isEqualTo(Scalar.BIGINT);
        assertThat(DuckDbTypeParser.parse("VARINT")).isEqualTo(Scalar.BIGNUM);
        assertThat(DuckDbTypeParser.parse("TIMESTAMPTZ")).isEqualTo(Scalar.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(DuckDbTypeParser.parse("TIMETZ")).isEqualTo(Scalar.TIME_WITH_TIME_ZONE);
        assertThat(DuckDbTypeParser.parse("VARCHAR(10)")).isEqualTo(Scalar.VARCHAR);
        assertThat(DuckDbTypeParser.parse("ROW(a INT)"))
                .isEqualTo(new StructType(List.of(new Field("a", Scalar.INTEGER))));
    }

    @Test
    void unrecognisedNamesAreUnknownAndNeverThrow() {
        assertThat(DuckDbTypeParser.parse("GEOMETRY")).isEqualTo(new Unknown("GEOMETRY"));
        assertThat(DuckDbTypeParser.parse("VARIANT")).isEqualTo(new Unknown("VARIANT"));
        assertThat(DuckDbTypeParser.parse("GEOMETRY('OGC:CRS84')")).isEqualTo(new Unknown("GEOMETRY('OGC:CRS84')"));
        assertThat(DuckDbTypeParser.parse("STRUCT(g GEOMETRY)[]"))
                .isEqualTo(new ListType(new StructType(List.of(new Field("g", new Unknown("GEOMETRY"))))));
        for (String malformed : new String[] {"", "   ", "STRUCT(", "STRUCT(a", "INTEGER[", "INTEGER[x]", "MAP(INTEGER)",
            "DECIMAL(a,b)", "ENUM('a", "\"unterminated", "INTEGER)", "(", "[]", "DECIMAL(99999999999,1)"}) {
            assertThat(DuckDbTypeParser.parse(malformed)).as(malformed).isEqualTo(new Unknown(malformed.strip()));
        }
    }

    @Test
    void theNamesTheDriverReportsForNestedColumns() throws SQLException {
        try (DuckDbFixture db = new DuckDbFixture()) {
            assertThat(DuckDbTypeParser.parse(db.typeName("[{'x': [INTERVAL 1 DAY], 'my field': MAP {'k': 1.5}}]")))
                    .isEqualTo(new ListType(new StructType(List.of(
                            new Field("x", new ListType(Scalar.INTERVAL)),
                            new Field("my field", new MapType(Scalar.VARCHAR, new Decimal(2, 1)))))));
            assertThat(DuckDbTypeParser.parse(db.typeName("['a'::ENUM('a', 'it''s')]")))
                    .isEqualTo(new ListType(new EnumType(List.of("a", "it's"))));
        }
    }
}
