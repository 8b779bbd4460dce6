package dev.mallard.engine.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One test per DuckDB type: real values from an in-memory DuckDB, asserted as exact JSON text. */
class ColumnEncodersTest {

    private static DuckDbFixture db;

    @BeforeAll
    static void open() throws SQLException {
        db = new DuckDbFixture();
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void nullOfAnyTypeIsNull() throws SQLException {
        for (String type : new String[] {"BOOLEAN", "INTEGER", "BIGINT", "HUGEINT", "BIGNUM", "DECIMAL(38,9)",
            "DOUBLE", "VARCHAR", "BLOB", "UUID", "JSON", "DATE", "TIME", "TIMETZ", "TIMESTAMP", "TIMESTAMP_S",
            "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMPTZ", "INTERVAL", "INTEGER[]", "INTEGER[2]",
            "STRUCT(a INTEGER)", "MAP(VARCHAR, INTEGER)", "UNION(n INTEGER, s VARCHAR)", "ENUM('a')", "VARIANT"}) {
            assertThat(db.json("NULL::" + type)).as(type).isEqualTo("null");
        }
        assertThat(db.json("NULL")).isEqualTo("null");
    }

    @Test
    void booleanIsTrueOrFalse() throws SQLException {
        assertThat(db.rows("[true, false, NULL]")).isEqualTo("[true,false,null]");
    }

    @Test
    void tinyintIsANumber() throws SQLException {
        assertThat(db.rows("[-128, 0, 127]::TINYINT[]")).isEqualTo("[-128,0,127]");
    }

    @Test
    void smallintIsANumber() throws SQLException {
        assertThat(db.rows("[-32768, 32767]::SMALLINT[]")).isEqualTo("[-32768,32767]");
    }

    @Test
    void integerIsANumber() throws SQLException {
        assertThat(db.rows("[-2147483648, 2147483647]::INTEGER[]")).isEqualTo("[-2147483648,2147483647]");
    }

    @Test
    void utinyintIsANumber() throws SQLException {
        assertThat(db.rows("[0, 255]::UTINYINT[]")).isEqualTo("[0,255]");
    }

    @Test
    void usmallintIsANumber() throws SQLException {
        assertThat(db.rows("[0, 65535]::USMALLINT[]")).isEqualTo("[0,65535]");
    }

    @Test
    void uintegerIsANumber() throws SQLException {
        assertThat(db.rows("[0, 4294967295]::UINTEGER[]")).isEqualTo("[0,4294967295]");
    }

    @Test
    void bigintIsANumberOnlyWhileExactInADouble() throws SQLException {
        assertThat(db.rows("[0, 9007199254740991, 9007199254740992, -9007199254740991, -9007199254740992,"
                        + " 9223372036854775807, -9223372036854775808]::BIGINT[]"))
                .isEqualTo("[0,9007199254740991,\"9007199254740992\",-9007199254740991,\"-9007199254740992\","
                        + "\"9223372036854775807\",\"-9223372036854775808\"]");
    }

    @Test
    void ubigintIsANumberOnlyWhileExactInADouble() throws SQLException {
        assertThat(db.rows("[0, 9007199254740991, 9007199254740992, 18446744073709551615]::UBIGINT[]"))
                .isEqualTo("[0,9007199254740991,\"9007199254740992\",\"18446744073709551615\"]");
    }

    @Test
    void hugeintIsANumberOnlyWhileExactInADouble() throws SQLException {
        assertThat(db.rows("[-9007199254740991, -9007199254740992, 9007199254740993,"
                        + " 170141183460469231731687303715884105727, -170141183460469231731687303715884105728]::HUGEINT[]"))
                .isEqualTo("[-9007199254740991,\"-9007199254740992\",\"9007199254740993\","
                        + "\"170141183460469231731687303715884105727\",\"-170141183460469231731687303715884105728\"]");
    }

    @Test
    void uhugeintIsANumberOnlyWhileExactInADouble() throws SQLException {
        assertThat(db.rows("[42::UHUGEINT, '340282366920938463463374607431768211455'::UHUGEINT]"))
                .isEqualTo("[42,\"340282366920938463463374607431768211455\"]");
    }

    @Test
    void bignumIsANumberOnlyWhileExactInADouble() throws SQLException {
        assertThat(db.typeName("1::VARINT")).isEqualTo("BIGNUM");
        assertThat(db.rows("[0, -1, 9007199254740991, -9007199254740991, 9007199254740992, 1000000000000000000,"
                        + " -123456789012345678901234567890123456789012345678901234567890]::BIGNUM[]"))
                .isEqualTo("[0,-1,9007199254740991,-9007199254740991,\"9007199254740992\",\"1000000000000000000\","
                        + "\"-123456789012345678901234567890123456789012345678901234567890\"]");
    }

    @Test
    void decimalIsAPlainNumberUpTo15DigitsElseAString() throws SQLException {
        assertThat(db.json("1.25::DECIMAL(4,2)")).isEqualTo("1.25");
        assertThat(db.json("1.50::DECIMAL(4,2)")).isEqualTo("1.50");
        assertThat(db.json("-0.5::DECIMAL(3,1)")).isEqualTo("-0.5");
        assertThat(db.json("0::DECIMAL(4,2)")).isEqualTo("0.00");
        assertThat(db.json("0.00001::DECIMAL(10,5)")).isEqualTo("0.00001");
        assertThat(db.json("123456789012.345::DECIMAL(15,3)")).isEqualTo("123456789012.345");
        assertThat(db.json("1234567890123.456::DECIMAL(18,3)")).isEqualTo("\"1234567890123.456\"");
        assertThat(db.json("1.5::DECIMAL(38,10)")).isEqualTo("1.5000000000");
        assertThat(db.json("'100000000000000000000'::DECIMAL(38,0)")).isEqualTo("100000000000000000000");
        assertThat(db.json("'-12345678901234567890.123456789'::DECIMAL(38,9)"))
                .isEqualTo("\"-12345678901234567890.123456789\"");
        assertThat(db.json("0.1::DECIMAL(38,37)")).isEqualTo("0.1000000000000000000000000000000000000");
    }

    @Test
    void floatIsTheShortestTextThatReadsBackAsTheSameFloat() throws SQLException {
        assertThat(db.json("0.1::FLOAT")).isEqualTo("0.1");
        assertThat(db.json("16777217::FLOAT")).isEqualTo("1.6777216E7");
        assertThat(db.rows("['1.5', '-2.25', 'nan', 'inf', '-inf']::FLOAT[]"))
                .isEqualTo("[1.5,-2.25,\"NaN\",\"Infinity\",\"-Infinity\"]");
    }

    @Test
    void doubleIsTheShortestTextThatReadsBackAsTheSameDouble() throws SQLException {
        assertThat(db.json("0.1::DOUBLE + 0.2::DOUBLE")).isEqualTo("0.30000000000000004");
        assertThat(db.json("1e300::DOUBLE")).isEqualTo("1.0E300");
        assertThat(db.rows("['0.1', '-0.0', '5e-324', 'nan', 'inf', '-inf']::DOUBLE[]"))
                .isEqualTo("[0.1,-0.0,4.9E-324,\"NaN\",\"Infinity\",\"-Infinity\"]");
    }

    @Test
    void varcharIsAString() throws SQLException {
        assertThat(db.json("'héllo \"world\"\n🦆'")).isEqualTo("\"héllo \\\"world\\\"\\n🦆\"");
        assertThat(db.json("''")).isEqualTo("\"\"");
    }

    @Test
    void enumIsItsLabel() throws SQLException {
        assertThat(db.typeName("'b'::ENUM('a', 'b')")).isEqualTo("ENUM");
        assertThat(db.json("'b'::ENUM('a', 'b')")).isEqualTo("\"b\"");
    }

    @Test
    void uuidIsItsCanonicalText() throws SQLException {
        assertThat(db.json("'123e4567-e89b-12d3-a456-426614174000'::UUID"))
                .isEqualTo("\"123e4567-e89b-12d3-a456-426614174000\"");
        assertThat(db.json("'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID"))
                .isEqualTo("\"ffffffff-ffff-ffff-ffff-ffffffffffff\"");
    }

    @Test
    void jsonIsEmbeddedAsJson() throws SQLException {
        assertThat(db.json("'{\"a\": [1, 2.50, null, true], \"b\": {\"c\": \"x\"}}'::JSON"))
                .isEqualTo("{\"a\":[1,2.50,null,true],\"b\":{\"c\":\"x\"}}");
        assertThat(db.json("'123456789012345678901234567890'::JSON")).isEqualTo("123456789012345678901234567890");
        assertThat(db.json("'0.1'::JSON")).isEqualTo("0.1");
        assertThat(db.json("'\"text\"'::JSON")).isEqualTo("\"text\"");
        assertThat(db.json("'null'::JSON")).isEqualTo("null");
        assertThat(db.json("'[]'::JSON")).isEqualTo("[]");
    }

    @Test
    void jsonThatDoesNotParseIsItsText() throws SQLException {
        // DuckDB validates JSON on the way in, so an unparseable value can only come from elsewhere.
        assertThat(DuckDbFixture.JSON.writeValueAsString(
                        GenericEncoder.encodeValue(new org.duckdb.JsonNode("{not json"))))
                .isEqualTo("\"{not json\"");
    }

    @Test
    void blobIsPaddedStandardBase64() throws SQLException {
        assertThat(db.rows("['\\xFB\\xFF\\x00'::BLOB, 'ab'::BLOB, 'a'::BLOB, ''::BLOB]"))
                .isEqualTo("[\"+/8A\",\"YWI=\",\"YQ==\",\"\"]");
    }

    @Test
    void bitIsItsDigits() throws SQLException {
        assertThat(db.json("'101'::BIT")).isEqualTo("\"101\"");
        assertThat(db.json("'000011110000111100001'::BITSTRING")).isEqualTo("\"000011110000111100001\"");
    }

    @Test
    void dateIsIsoWithAstronomicalYearsAndInfinities() throws SQLException {
        assertThat(db.rows("[DATE '2024-02-29', DATE '0001-01-01', DATE '0001-01-01' - 1, '0044-03-15 (BC)'::DATE,"
                        + " DATE '9999-12-31', DATE '12345-06-07', 'infinity'::DATE, '-infinity'::DATE]"))
                .isEqualTo("[\"2024-02-29\",\"0001-01-01\",\"0000-12-31\",\"-0043-03-15\","
                        + "\"9999-12-31\",\"+12345-06-07\",\"infinity\",\"-infinity\"]");
    }

    @Test
    void timeAlwaysHasSecondsAndOnlyTheFractionItNeeds() throws SQLException {
        assertThat(db.rows("[TIME '12:34:56.789', TIME '12:00:00', TIME '00:00:00.000001', TIME '23:59:59.5',"
                        + " TIME '24:00:00']"))
                .isEqualTo("[\"12:34:56.789\",\"12:00:00\",\"00:00:00.000001\",\"23:59:59.5\",\"24:00:00\"]");
    }

    @Test
    void timeNsKeepsNanoseconds() throws SQLException {
        assertThat(db.json("TIME_NS '12:34:56.123456789'")).isEqualTo("\"12:34:56.123456789\"");
        assertThat(db.json("TIME_NS '12:00:00'")).isEqualTo("\"12:00:00\"");
    }

    @Test
    void timeWithTimeZoneHasItsOffset() throws SQLException {
        assertThat(db.typeName("'12:34:56+02'::TIMETZ")).isEqualTo("TIME WITH TIME ZONE");
        assertThat(db.rows("['12:34:56+02'::TIMETZ, '12:34:56.5-03:30', '12:00:00+00']"))
                .isEqualTo("[\"12:34:56+02:00\",\"12:34:56.5-03:30\",\"12:00:00Z\"]");
    }

    @Test
    void timestampIsAnIsoLocalDateTime() throws SQLException {
        assertThat(db.rows("[TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMP '2024-01-02 03:04:05',"
                        + " TIMESTAMP '2024-01-02 03:04:05.1', TIMESTAMP '1969-12-31 23:59:59.999999',"
                        + " TIMESTAMP '0001-01-01 00:00:00' - INTERVAL 1 DAY, TIMESTAMP '12345-01-01 00:00:00',"
                        + " 'infinity'::TIMESTAMP, '-infinity'::TIMESTAMP]"))
                .isEqualTo("[\"2024-01-02T03:04:05.123456\",\"2024-01-02T03:04:05\",\"2024-01-02T03:04:05.1\","
                        + "\"1969-12-31T23:59:59.999999\",\"0000-12-31T00:00:00\",\"+12345-01-01T00:00:00\","
                        + "\"infinity\",\"-infinity\"]");
    }

    @Test
    void timestampDoesNotDependOnTheDefaultTimeZone() throws SQLException {
        // 02:30 on 2024-03-31 does not exist in Berlin (clocks jump from 02:00 to 03:00), but a
        // TIMESTAMP is a wall-clock reading with no zone: it must come back unchanged.
        String values = "[TIMESTAMP '2024-03-31 02:30:00', TIMESTAMP '2024-10-27 02:30:00',"
                + " TIMESTAMP '2024-01-02 03:04:05.123456']";
        String expected = "[\"2024-03-31T02:30:00\",\"2024-10-27T02:30:00\",\"2024-01-02T03:04:05.123456\"]";
        assertThat(DuckDbFixture.inTimeZone("Europe/Berlin", () -> db.rows(values))).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("Pacific/Kiritimati", () -> db.rows(values))).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("America/Los_Angeles", () -> db.json(
                        "TIMESTAMP '2024-03-10 02:30:00'")))
                .isEqualTo("\"2024-03-10T02:30:00\"");
    }

    @Test
    void timestampSecondsHasNoFraction() throws SQLException {
        assertThat(db.rows("['2024-01-02 03:04:05'::TIMESTAMP_S, '0001-01-01 00:00:00'::TIMESTAMP_S]"))
                .isEqualTo("[\"2024-01-02T03:04:05\",\"0001-01-01T00:00:00\"]");
    }

    @Test
    void timestampSecondsInfinityIsMarkedAsEither() throws SQLException {
        // The driver throws the same exception for both infinities of this type, so the sign is lost.
        assertThat(db.json("'infinity'::TIMESTAMP_S")).isEqualTo("\"±infinity\"");
        assertThat(db.json("'-infinity'::TIMESTAMP_S")).isEqualTo("\"±infinity\"");
    }

    @Test
    void timestampMillisKeepsMilliseconds() throws SQLException {
        assertThat(db.rows("['2024-01-02 03:04:05.123'::TIMESTAMP_MS, '2024-01-02 03:04:05.1'::TIMESTAMP_MS,"
                        + " 'infinity'::TIMESTAMP_MS, '-infinity'::TIMESTAMP_MS]"))
                .isEqualTo("[\"2024-01-02T03:04:05.123\",\"2024-01-02T03:04:05.1\",\"infinity\",\"-infinity\"]");
    }

    @Test
    void timestampNanosKeepsNanoseconds() throws SQLException {
        assertThat(db.rows("['2024-01-02 03:04:05.123456789'::TIMESTAMP_NS, '2024-01-02 03:04:05.00000001'::TIMESTAMP_NS,"
                        + " 'infinity'::TIMESTAMP_NS, '-infinity'::TIMESTAMP_NS]"))
                .isEqualTo("[\"2024-01-02T03:04:05.123456789\",\"2024-01-02T03:04:05.00000001\","
                        + "\"infinity\",\"-infinity\"]");
        assertThat(DuckDbFixture.inTimeZone("Europe/Berlin", () -> db.json(
                        "'2024-03-31 02:30:00.5'::TIMESTAMP_NS")))
                .isEqualTo("\"2024-03-31T02:30:00.5\"");
    }

    @Test
    void timestampWithTimeZoneIsWrittenInUtc() throws SQLException {
        assertThat(db.typeName("TIMESTAMPTZ '2024-01-02 03:04:05+02'")).isEqualTo("TIMESTAMP WITH TIME ZONE");
        String values = "[TIMESTAMPTZ '2024-01-02 03:04:05+02', TIMESTAMPTZ '2024-01-02 03:04:05.123456+00',"
                + " TIMESTAMPTZ '2024-03-31 00:30:00+00', 'infinity'::TIMESTAMPTZ, '-infinity'::TIMESTAMPTZ]";
        String expected = "[\"2024-01-02T01:04:05Z\",\"2024-01-02T03:04:05.123456Z\",\"2024-03-31T00:30:00Z\","
                + "\"infinity\",\"-infinity\"]";
        assertThat(db.rows(values)).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("Europe/Berlin", () -> db.rows(values))).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("Asia/Kolkata", () -> db.rows(values))).isEqualTo(expected);
    }

    @Test
    void timestampWithTimeZoneInNanosecondsIsWrittenInUtc() throws SQLException {
        assertThat(db.rows("['2024-01-02 03:04:05.123456789+02'::TIMESTAMPTZ_NS, '2024-01-02 03:04:05+05:30',"
                        + " 'infinity', '-infinity']"))
                .isEqualTo("[\"2024-01-02T01:04:05.123456789Z\",\"2024-01-01T21:34:05Z\",\"infinity\",\"-infinity\"]");
    }

    @Test
    void intervalIsAnIsoDuration() throws SQLException {
        assertThat(db.rows("[INTERVAL '1 year 2 months 3 days 04:05:06.789', INTERVAL '-1 day', INTERVAL '100 hours',"
                        + " INTERVAL '0 seconds', INTERVAL '1 month -2 days -3 hours', INTERVAL '-14 months',"
                        + " INTERVAL '-90 minutes', INTERVAL '-1 microsecond']"))
                .isEqualTo("[\"P1Y2M3DT4H5M6.789S\",\"P-1D\",\"PT100H\",\"PT0S\",\"P1M-2DT-3H\",\"P-1Y-2M\","
                        + "\"PT-1H-30M\",\"PT-0.000001S\"]");
    }

    @Test
    void listIsAJsonArray() throws SQLException {
        assertThat(db.json("[1, NULL, 3]")).isEqualTo("[1,null,3]");
        assertThat(db.json("[]::INTEGER[]")).isEqualTo("[]");
        assertThat(db.json("['a', NULL]")).isEqualTo("[\"a\",null]");
    }

    @Test
    void fixedSizeArrayIsAJsonArray() throws SQLException {
        assertThat(db.typeName("[1, 2, 3]::INTEGER[3]")).isEqualTo("INTEGER[3]");
        assertThat(db.json("[1, NULL, 3]::INTEGER[3]")).isEqualTo("[1,null,3]");
        assertThat(db.json("[[1, 2], [3, 4]]::INTEGER[2][2]")).isEqualTo("[[1,2],[3,4]]");
    }

    @Test
    void structIsAJsonObjectInDeclarationOrder() throws SQLException {
        assertThat(db.json("{'z': 1, 'a': 'x', 'm': NULL}")).isEqualTo("{\"z\":1,\"a\":\"x\",\"m\":null}");
        assertThat(db.typeName("{'my field': 1, 'a\"b': 2, 'A': 3}"))
                .isEqualTo("STRUCT(\"my field\" INTEGER, \"a\"\"b\" INTEGER, A INTEGER)");
        assertThat(db.json("{'my field': 1, 'a\"b': 2, 'A': 3}")).isEqualTo("{\"my field\":1,\"a\\\"b\":2,\"A\":3}");
    }

    @Test
    void tupleIsAJsonArray() throws SQLException {
        assertThat(db.typeName("ROW(1, 'a')")).isEqualTo("TUPLE(INTEGER, VARCHAR)");
        assertThat(db.json("ROW(1, 'a', INTERVAL 1 DAY)")).isEqualTo("[1,\"a\",\"P1D\"]");
    }

    @Test
    void mapWithTextOrIntegerKeysIsAJsonObject() throws SQLException {
        assertThat(db.json("MAP {'b': 1, 'a': NULL}")).isEqualTo("{\"b\":1,\"a\":null}");
        assertThat(db.json("MAP {2: 'x', -1: 'y'}")).isEqualTo("{\"2\":\"x\",\"-1\":\"y\"}");
        assertThat(db.json("MAP {18446744073709551615::UBIGINT: true}")).isEqualTo("{\"18446744073709551615\":true}");
        assertThat(db.json("MAP {'a'::ENUM('a', 'b'): 1}")).isEqualTo("{\"a\":1}");
        assertThat(db.json("MAP {'123e4567-e89b-12d3-a456-426614174000'::UUID: 1}"))
                .isEqualTo("{\"123e4567-e89b-12d3-a456-426614174000\":1}");
        assertThat(db.json("MAP {'k': INTERVAL 2 HOURS}")).isEqualTo("{\"k\":\"PT2H\"}");
        assertThat(db.json("MAP {}::MAP(VARCHAR, INTEGER)")).isEqualTo("{}");
    }

    @Test
    void mapWithOtherKeysIsAnArrayOfPairs() throws SQLException {
        assertThat(db.json("MAP {DATE '2024-01-01': 1, DATE '2023-12-31': 2}"))
                .isEqualTo("[{\"key\":\"2024-01-01\",\"value\":1},{\"key\":\"2023-12-31\",\"value\":2}]");
        assertThat(db.json("MAP {1.5::DOUBLE: 'x', 'nan'::DOUBLE: 'y'}"))
                .isEqualTo("[{\"key\":1.5,\"value\":\"x\"},{\"key\":\"NaN\",\"value\":\"y\"}]");
        assertThat(db.json("map_from_entries([({'a': 1}, [INTERVAL 1 DAY])])"))
                .isEqualTo("[{\"key\":{\"a\":1},\"value\":[\"P1D\"]}]");
        assertThat(db.json("MAP {}")).isEqualTo("[]");
        assertThat(db.json("MAP {}::MAP(DATE, INTEGER)")).isEqualTo("[]");
    }

    @Test
    void unionIsItsActiveMemberEncodedByThatMembersType() throws SQLException {
        String type = "UNION(num INTEGER, str VARCHAR, span INTERVAL[], ts TIMESTAMP)";
        assertThat(db.json("union_value(num := 2)::" + type)).isEqualTo("2");
        assertThat(db.json("union_value(str := 'a')::" + type)).isEqualTo("\"a\"");
        assertThat(db.json("union_value(span := [INTERVAL 1 DAY])::" + type)).isEqualTo("[\"P1D\"]");
        assertThat(db.json("union_value(ts := TIMESTAMP '2024-01-02 03:04:05')::" + type))
                .isEqualTo("\"2024-01-02T03:04:05\"");
        assertThat(db.json("union_value(big := 9007199254740993)::UNION(big BIGINT, s VARCHAR)"))
                .isEqualTo("\"9007199254740993\"");
    }

    @Test
    void unknownTypesAreEncodedByTheirJavaClass() throws SQLException {
        assertThat(db.typeName("42::VARIANT")).isEqualTo("VARIANT");
        assertThat(db.json("42::VARIANT")).isEqualTo("42");
        assertThat(db.json("[1, 2]::VARIANT")).isEqualTo("[1,2]");
        assertThat(db.json("{'a': 'x'}::VARIANT")).isEqualTo("{\"a\":\"x\"}");
        assertThat(db.json("9007199254740993::VARIANT")).isEqualTo("\"9007199254740993\"");
        assertThat(db.typeName("'POINT(1 2)'::GEOMETRY")).isEqualTo("GEOMETRY");
        // GEOMETRY arrives as its WKB bytes: little endian, type 1 (point), x = 1.0, y = 2.0.
        assertThat(db.json("'POINT(1 2)'::GEOMETRY")).isEqualTo("\"AQEAAAAAAAAAAADwPwAAAAAAAABA\"");
        assertThat(db.typeName("NULL")).isEqualTo("\"NULL\"");
        assertThat(db.json("[NULL]")).isEqualTo("[null]");
    }

    @Test
    void genericEncodingNeverThrowsForAnUnexpectedClass() throws SQLException {
        Object value = new Object() {
            @Override
            public String toString() {
                return "something new";
            }
        };
        assertThat(ColumnEncoders.forType("SOME_FUTURE_TYPE(1, 'x')")).isNotNull();
        assertThat(GenericEncoder.encodeValue(value)).isEqualTo("something new");
        // A value whose class does not match its declared type is still encoded, by its class.
        assertThat(ValueEncoders.of(DuckDbType.Scalar.INTERVAL).encode(7L)).isEqualTo(7L);
        assertThat(ValueEncoders.of(new DuckDbType.Decimal(4, 2)).encode("1.25")).isEqualTo("1.25");
    }
}
