package dev.mallard.engine.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Values inside lists, arrays, structs, maps and unions follow the same rules as top-level ones,
 * although the driver hands them out as plain Java objects (an INTERVAL is a String there, a
 * TIMESTAMP a java.sql.Timestamp, a BLOB a java.sql.Blob).
 */
class NestedValuesTest {

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
    void listsOfLists() throws SQLException {
        assertThat(db.json("[[1, 2], NULL, [], [3]]")).isEqualTo("[[1,2],null,[],[3]]");
        assertThat(db.json("[[[INTERVAL 1 DAY]]]")).isEqualTo("[[[\"P1D\"]]]");
    }

    @Test
    void listOfStructs() throws SQLException {
        assertThat(db.json("[{'a': 1, 'b': [2, 3]}, NULL, {'a': NULL, 'b': []}]"))
                .isEqualTo("[{\"a\":1,\"b\":[2,3]},null,{\"a\":null,\"b\":[]}]");
    }

    @Test
    void intervalsInsideAList() throws SQLException {
        assertThat(db.json("[INTERVAL '1 year 2 months 3 days 04:05:06.789', INTERVAL '-1 day', NULL, INTERVAL 0 SECONDS]"))
                .isEqualTo("[\"P1Y2M3DT4H5M6.789S\",\"P-1D\",null,\"PT0S\"]");
    }

    @Test
    void timestampsInsideAList() throws SQLException {
        assertThat(db.json("[TIMESTAMP '2024-01-02 03:04:05.123456', NULL, 'infinity', '-infinity',"
                        + " TIMESTAMP '0001-01-01 00:00:00' - INTERVAL 1 DAY]"))
                .isEqualTo("[\"2024-01-02T03:04:05.123456\",null,\"infinity\",\"-infinity\",\"0000-12-31T00:00:00\"]");
        assertThat(db.json("['2024-01-02 03:04:05.123456789'::TIMESTAMP_NS, 'infinity', '-infinity']"))
                .isEqualTo("[\"2024-01-02T03:04:05.123456789\",\"infinity\",\"-infinity\"]");
        assertThat(db.json("['2024-01-02 03:04:05.5'::TIMESTAMP_MS, 'infinity', '-infinity']"))
                .isEqualTo("[\"2024-01-02T03:04:05.5\",\"infinity\",\"-infinity\"]");
        assertThat(db.json("['2024-01-02 03:04:05'::TIMESTAMP_S]")).isEqualTo("[\"2024-01-02T03:04:05\"]");
    }

    @Test
    void timestampsInsideAListDoNotDependOnTheDefaultTimeZone() throws SQLException {
        String values = "[TIMESTAMP '2024-03-31 02:30:00', TIMESTAMP '2024-10-27 02:30:00', NULL, 'infinity',"
                + " TIMESTAMP '1582-10-10 12:00:00', TIMESTAMP '0001-01-01 00:00:00' - INTERVAL 1 DAY]";
        String expected = "[\"2024-03-31T02:30:00\",\"2024-10-27T02:30:00\",null,\"infinity\","
                + "\"1582-10-10T12:00:00\",\"0000-12-31T00:00:00\"]";
        assertThat(DuckDbFixture.inTimeZone("Europe/Berlin", () -> db.json(values))).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("America/New_York", () -> db.json(values))).isEqualTo(expected);
    }

    @Test
    void timestampsWithTimeZoneInsideAListDoNotDependOnTheDefaultTimeZone() throws SQLException {
        // 00:30Z on 2024-03-31 is half an hour before Berlin changes to summer time; 00:30Z and
        // 01:30Z on 2024-10-27 are the two instants Berlin calls 02:30. The driver's objects get
        // some of these wrong outside UTC; the list encoder reads DuckDB's own values instead.
        String values = "[TIMESTAMPTZ '2024-03-31 00:30:00+00', TIMESTAMPTZ '2024-10-27 00:30:00+00',"
                + " TIMESTAMPTZ '2024-10-27 01:30:00+00', NULL, 'infinity', '-infinity']";
        String expected = "[\"2024-03-31T00:30:00Z\",\"2024-10-27T00:30:00Z\",\"2024-10-27T01:30:00Z\",null,"
                + "\"infinity\",\"-infinity\"]";
        assertThat(db.json(values)).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("Europe/Berlin", () -> db.json(values))).isEqualTo(expected);
    }

    @Test
    void timestampsInsideAStruct() throws SQLException {
        String value = "{'at': TIMESTAMP '2024-01-02 03:04:05.25', 'bc': TIMESTAMP '0001-01-01 00:00:00' - INTERVAL 1 DAY,"
                + " 'never': 'infinity'::TIMESTAMP, 'zoned': TIMESTAMPTZ '2024-01-02 03:04:05+02',"
                + " 'summer': TIMESTAMPTZ '2024-03-31 00:30:00+00', 'zonedNever': '-infinity'::TIMESTAMPTZ}";
        String expected = "{\"at\":\"2024-01-02T03:04:05.25\",\"bc\":\"0000-12-31T00:00:00\",\"never\":\"infinity\","
                + "\"zoned\":\"2024-01-02T01:04:05Z\",\"summer\":\"2024-03-31T00:30:00Z\",\"zonedNever\":\"-infinity\"}";
        assertThat(db.json(value)).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("Europe/Berlin", () -> db.json(value))).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("America/Sao_Paulo", () -> db.json(value))).isEqualTo(expected);
    }

    @Test
    void infiniteTimestampsOfEveryUnitInsideAStruct() throws SQLException {
        String value = "{'us': 'infinity'::TIMESTAMP, 'ms': 'infinity'::TIMESTAMP_MS, 'ns': 'infinity'::TIMESTAMP_NS,"
                + " 'usNeg': '-infinity'::TIMESTAMP, 'msNeg': '-infinity'::TIMESTAMP_MS, 'nsNeg': '-infinity'::TIMESTAMP_NS}";
        String expected = "{\"us\":\"infinity\",\"ms\":\"infinity\",\"ns\":\"infinity\","
                + "\"usNeg\":\"-infinity\",\"msNeg\":\"-infinity\",\"nsNeg\":\"-infinity\"}";
        assertThat(db.json(value)).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("Europe/Berlin", () -> db.json(value))).isEqualTo(expected);
        assertThat(DuckDbFixture.inTimeZone("Asia/Tokyo", () -> db.json(value))).isEqualTo(expected);
    }

    @Test
    void datesAndTimesInsideAList() throws SQLException {
        assertThat(db.json("[DATE '2024-02-29', 'infinity', '-infinity', '0044-03-15 (BC)'::DATE]"))
                .isEqualTo("[\"2024-02-29\",\"infinity\",\"-infinity\",\"-0043-03-15\"]");
        assertThat(db.json("[TIME '12:00:00', TIME '01:02:03.000004']")).isEqualTo("[\"12:00:00\",\"01:02:03.000004\"]");
        assertThat(db.json("['12:34:56+02'::TIMETZ]")).isEqualTo("[\"12:34:56+02:00\"]");
        assertThat(db.json("[TIME_NS '12:00:00.000000001']")).isEqualTo("[\"12:00:00.000000001\"]");
    }

    @Test
    void blobsInsideAList() throws SQLException {
        assertThat(db.json("['\\xFB\\xFF'::BLOB, NULL, ''::BLOB]")).isEqualTo("[\"+/8=\",null,\"\"]");
    }

    @Test
    void decimalsInsideAList() throws SQLException {
        assertThat(db.json("[1.50::DECIMAL(4,2), 0.01]")).isEqualTo("[1.50,0.01]");
        assertThat(db.json("['12345678901234567890.5'::DECIMAL(38,1), 0.5]"))
                .isEqualTo("[\"12345678901234567890.5\",0.5]");
    }

    @Test
    void bigIntegersInsideAList() throws SQLException {
        assertThat(db.json("[1::HUGEINT, 170141183460469231731687303715884105727]"))
                .isEqualTo("[1,\"170141183460469231731687303715884105727\"]");
        assertThat(db.json("[1::BIGINT, 9007199254740992]")).isEqualTo("[1,\"9007199254740992\"]");
        assertThat(db.json("[1::UBIGINT, 18446744073709551615]")).isEqualTo("[1,\"18446744073709551615\"]");
        assertThat(db.json("[1::BIGNUM, 123456789012345678901234567890::BIGNUM]"))
                .isEqualTo("[1,\"123456789012345678901234567890\"]");
        assertThat(db.json("[200::UTINYINT, 60000::USMALLINT]")).isEqualTo("[200,60000]");
    }

    @Test
    void floatingPointSpecialsInsideAList() throws SQLException {
        assertThat(db.json("['nan'::DOUBLE, 'inf', '-inf', 0.1, NULL]"))
                .isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\",0.1,null]");
        assertThat(db.json("['nan'::FLOAT, 'inf', 0.1]")).isEqualTo("[\"NaN\",\"Infinity\",0.1]");
    }

    @Test
    void otherScalarsInsideAList() throws SQLException {
        assertThat(db.json("['123e4567-e89b-12d3-a456-426614174000'::UUID]"))
                .isEqualTo("[\"123e4567-e89b-12d3-a456-426614174000\"]");
        assertThat(db.json("['{\"a\": 1}'::JSON, '[true]'::JSON]")).isEqualTo("[{\"a\":1},[true]]");
        assertThat(db.json("['101'::BIT]")).isEqualTo("[\"101\"]");
        assertThat(db.json("['a'::ENUM('a', 'b')]")).isEqualTo("[\"a\"]");
        assertThat(db.json("['2024-01-02 03:04:05+02'::TIMESTAMPTZ_NS]")).isEqualTo("[\"2024-01-02T01:04:05Z\"]");
    }

    @Test
    void structsHoldingEveryKindOfNesting() throws SQLException {
        assertThat(db.json("{'span': INTERVAL 90 MINUTES, 'spans': [INTERVAL 1 DAY], 'inner': {'big': 9007199254740993,"
                        + " 'bytes': 'ab'::BLOB}, 'map': MAP {'k': [1.5::DECIMAL(3,1)]}}"))
                .isEqualTo("{\"span\":\"PT1H30M\",\"spans\":[\"P1D\"],\"inner\":{\"big\":\"9007199254740993\","
                        + "\"bytes\":\"YWI=\"},\"map\":{\"k\":[1.5]}}");
    }

    @Test
    void structFieldNamesThatNeedQuoting() throws SQLException {
        assertThat(db.json("[{'my field': 1, 'a\"b': INTERVAL 1 DAY, 'select': 'x'}]"))
                .isEqualTo("[{\"my field\":1,\"a\\\"b\":\"P1D\",\"select\":\"x\"}]");
    }

    @Test
    void mapsInsideAListAndListsInsideAMap() throws SQLException {
        assertThat(db.json("[MAP {'a': INTERVAL 1 DAY}, NULL, MAP {}::MAP(VARCHAR, INTERVAL)]"))
                .isEqualTo("[{\"a\":\"P1D\"},null,{}]");
        assertThat(db.json("MAP {1: [TIMESTAMP '2024-01-02 03:04:05', NULL]}"))
                .isEqualTo("{\"1\":[\"2024-01-02T03:04:05\",null]}");
        assertThat(db.json("MAP {[1, 2]: 'list key'}")).isEqualTo("[{\"key\":[1,2],\"value\":\"list key\"}]");
        assertThat(db.json("MAP {INTERVAL 1 DAY: 'a'}")).isEqualTo("[{\"key\":\"P1D\",\"value\":\"a\"}]");
    }

    @Test
    void unionsInsideAList() throws SQLException {
        assertThat(db.json("[union_value(n := 1)::UNION(n BIGINT, d DATE), union_value(d := DATE '2024-01-01'),"
                        + " union_value(n := 9007199254740993), NULL]"))
                .isEqualTo("[1,\"2024-01-01\",\"9007199254740993\",null]");
    }

    @Test
    void unionsOfNestedMembers() throws SQLException {
        String type = "UNION(s STRUCT(span INTERVAL), l DOUBLE[], m MAP(DATE, INTEGER))";
        assertThat(db.json("union_value(s := {'span': INTERVAL 2 DAYS})::" + type)).isEqualTo("{\"span\":\"P2D\"}");
        assertThat(db.json("union_value(l := ['nan'::DOUBLE])::" + type)).isEqualTo("[\"NaN\"]");
        assertThat(db.json("union_value(m := MAP {DATE '2024-01-01': 1})::" + type))
                .isEqualTo("[{\"key\":\"2024-01-01\",\"value\":1}]");
    }

    @Test
    void fixedSizeArraysOfNestedValues() throws SQLException {
        assertThat(db.json("[{'a': INTERVAL 1 HOUR}, {'a': NULL}]::STRUCT(a INTERVAL)[2]"))
                .isEqualTo("[{\"a\":\"PT1H\"},{\"a\":null}]");
        assertThat(db.json("[TIMESTAMP '2024-01-02 03:04:05', 'infinity']::TIMESTAMP[2]"))
                .isEqualTo("[\"2024-01-02T03:04:05\",\"infinity\"]");
        assertThat(db.json("[['1.5', 'nan'], [NULL, '2']]::DOUBLE[2][2]")).isEqualTo("[[1.5,\"NaN\"],[null,2.0]]");
    }

    @Test
    void tuplesInsideAList() throws SQLException {
        assertThat(db.json("[ROW(1, INTERVAL 1 DAY), NULL]")).isEqualTo("[[1,\"P1D\"],null]");
    }
}
