package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every DuckDB type as an MCP client receives it. Expected values are written as JSON and read with a
 * plain Jackson mapper, as the SDK client reads results, so a number differs from a string of its
 * digits and 42 from 42.0.
 */
class ValueTypesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        server = TestMallard.builder().inMemory("types").start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One column per expression: name -> [DuckDB type, the value's JSON as received]. */
    private static void assertValues(Map<String, String[]> expected) {
        StringBuilder sql = new StringBuilder("SELECT ");
        int i = 0;
        Map<String, String> expressions = new LinkedHashMap<>();
        expected.forEach((expression, typeAndJson) -> expressions.put("c" + expressions.size(), expression));
        for (Map.Entry<String, String> column : expressions.entrySet()) {
            sql.append(i++ == 0 ? "" : ",\n       ").append(column.getValue()).append(" AS ").append(column.getKey());
        }
        McpSchema.CallToolResult result = query(client, sql.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) structured(result).get("columns");
        List<Object> row = rows(result).getFirst();
        SoftAssertions softly = new SoftAssertions();
        int index = 0;
        for (Map.Entry<String, String[]> entry : expected.entrySet()) {
            String[] typeAndJson = entry.getValue();
            softly.assertThat(columns.get(index).get("type")).as("type of %s", entry.getKey())
                    .isEqualTo(typeAndJson[0]);
            softly.assertThat(row.get(index)).as("value of %s", entry.getKey())
                    .isEqualTo(JSON.readValue(typeAndJson[1], Object.class));
            index++;
        }
        softly.assertAll();
    }

    private static String[] is(String type, String json) {
        return new String[] {type, json};
    }

    @Test
    void booleansAndIntegersAreJsonNumbersUpTo2To53AndStringsBeyond() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("true", is("BOOLEAN", "true"));
        expected.put("false", is("BOOLEAN", "false"));
        expected.put("(-128)::TINYINT", is("TINYINT", "-128"));
        expected.put("32767::SMALLINT", is("SMALLINT", "32767"));
        expected.put("(-2147483648)::INTEGER", is("INTEGER", "-2147483648"));
        expected.put("9007199254740991::BIGINT", is("BIGINT", "9007199254740991"));
        expected.put("(-9007199254740991)::BIGINT", is("BIGINT", "-9007199254740991"));
        expected.put("9007199254740993::BIGINT", is("BIGINT", "\"9007199254740993\""));
        expected.put("(-9223372036854775808)::BIGINT", is("BIGINT", "\"-9223372036854775808\""));
        expected.put("255::UTINYINT", is("UTINYINT", "255"));
        expected.put("65535::USMALLINT", is("USMALLINT", "65535"));
        expected.put("4294967295::UINTEGER", is("UINTEGER", "4294967295"));
        expected.put("18446744073709551615::UBIGINT", is("UBIGINT", "\"18446744073709551615\""));
        expected.put("42::HUGEINT", is("HUGEINT", "42"));
        expected.put("170141183460469231731687303715884105727::HUGEINT",
                is("HUGEINT", "\"170141183460469231731687303715884105727\""));
        expected.put("(-12345678901234567890)::HUGEINT", is("HUGEINT", "\"-12345678901234567890\""));
        expected.put("340282366920938463463374607431768211455::UHUGEINT",
                is("UHUGEINT", "\"340282366920938463463374607431768211455\""));
        assertValues(expected);
    }

    @Test
    void decimalsAreNumbersUpTo15DigitsAndStringsBeyond() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("12.34::DECIMAL(4,2)", is("DECIMAL(4,2)", "12.34"));
        expected.put("(-0.5)::DECIMAL(4,2)", is("DECIMAL(4,2)", "-0.5"));
        expected.put("1234567890123.45::DECIMAL(18,2)", is("DECIMAL(18,2)", "1234567890123.45"));
        expected.put("12.5::DECIMAL(38,10)", is("DECIMAL(38,10)", "12.5"));
        expected.put("1234567890123456789012345678.0123456789::DECIMAL(38,10)",
                is("DECIMAL(38,10)", "\"1234567890123456789012345678.0123456789\""));
        expected.put("0.1234567890123456::DECIMAL(18,16)", is("DECIMAL(18,16)", "\"0.1234567890123456\""));
        assertValues(expected);
    }

    @Test
    void floatingPointKeepsShortFormsAndSpellsOutNaNAndInfinity() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("0.1::FLOAT", is("FLOAT", "0.1"));
        expected.put("0.1::DOUBLE", is("DOUBLE", "0.1"));
        expected.put("1e300::DOUBLE", is("DOUBLE", "1e300"));
        expected.put("(-2.5)::DOUBLE", is("DOUBLE", "-2.5"));
        expected.put("'NaN'::DOUBLE", is("DOUBLE", "\"NaN\""));
        expected.put("'Infinity'::DOUBLE", is("DOUBLE", "\"Infinity\""));
        expected.put("'-Infinity'::DOUBLE", is("DOUBLE", "\"-Infinity\""));
        expected.put("'NaN'::FLOAT", is("FLOAT", "\"NaN\""));
        assertValues(expected);
    }

    @Test
    void textBlobsAndIdentifiers() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("'Grüße, 世界 🦆 \"quoted\"'", is("VARCHAR", "\"Grüße, 世界 🦆 \\\"quoted\\\"\""));
        expected.put("''", is("VARCHAR", "\"\""));
        expected.put("'\\xDE\\xAD\\xBE\\xEF'::BLOB", is("BLOB", "\"3q2+7w==\""));
        expected.put("''::BLOB", is("BLOB", "\"\""));
        expected.put("'123e4567-e89b-12d3-a456-426614174000'::UUID",
                is("UUID", "\"123e4567-e89b-12d3-a456-426614174000\""));
        expected.put("'ok'::ENUM('sad', 'ok', 'happy')", is("ENUM", "\"ok\""));
        assertValues(expected);
    }

    @Test
    void datesTimesAndIntervalsAreIso8601() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("DATE '2024-02-29'", is("DATE", "\"2024-02-29\""));
        expected.put("'infinity'::DATE", is("DATE", "\"infinity\""));
        expected.put("TIME '13:45:30'", is("TIME", "\"13:45:30\""));
        expected.put("TIME '13:45:30.123456'", is("TIME", "\"13:45:30.123456\""));
        expected.put("TIMESTAMP '2024-02-29 13:45:30'", is("TIMESTAMP", "\"2024-02-29T13:45:30\""));
        expected.put("TIMESTAMP '2024-02-29 13:45:30.5'", is("TIMESTAMP", "\"2024-02-29T13:45:30.5\""));
        expected.put("TIMESTAMPTZ '2024-02-29 13:45:30+02:00'",
                is("TIMESTAMP WITH TIME ZONE", "\"2024-02-29T11:45:30Z\""));
        expected.put("TIMESTAMP_NS '2024-02-29 13:45:30.123456789'",
                is("TIMESTAMP_NS", "\"2024-02-29T13:45:30.123456789\""));
        expected.put("TIMESTAMP_MS '2024-02-29 13:45:30.123'", is("TIMESTAMP_MS", "\"2024-02-29T13:45:30.123\""));
        expected.put("TIMESTAMP_S '2024-02-29 13:45:30'", is("TIMESTAMP_S", "\"2024-02-29T13:45:30\""));
        expected.put("INTERVAL '1 year 2 months 3 days 04:05:06'", is("INTERVAL", "\"P1Y2M3DT4H5M6S\""));
        expected.put("INTERVAL 90 MINUTES", is("INTERVAL", "\"PT1H30M\""));
        expected.put("INTERVAL '0 seconds'", is("INTERVAL", "\"PT0S\""));
        assertValues(expected);
    }

    @Test
    void jsonIsEmbeddedAndNestedTypesBecomeArraysAndObjects() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("'{\"a\": [1, 2.5, {\"b\": null}], \"ok\": true}'::JSON",
                is("JSON", "{\"a\":[1,2.5,{\"b\":null}],\"ok\":true}"));
        expected.put("'\"just text\"'::JSON", is("JSON", "\"just text\""));
        expected.put("[1, 2, NULL]", is("INTEGER[]", "[1,2,null]"));
        expected.put("[[DATE '2024-01-01'], []]", is("DATE[][]", "[[\"2024-01-01\"],[]]"));
        expected.put("[1, 2, 3]::INTEGER[3]", is("INTEGER[3]", "[1,2,3]"));
        expected.put("{'id': 7, 'name': 'duck', 'tags': ['a', 'b']}",
                is("STRUCT(id INTEGER, \"name\" VARCHAR, tags VARCHAR[])",
                        "{\"id\":7,\"name\":\"duck\",\"tags\":[\"a\",\"b\"]}"));
        expected.put("MAP {'k1': 1, 'k2': NULL}", is("MAP(VARCHAR, INTEGER)", "{\"k1\":1,\"k2\":null}"));
        expected.put("MAP {DATE '2024-01-01': 1.5::DOUBLE}",
                is("MAP(DATE, DOUBLE)", "[{\"key\":\"2024-01-01\",\"value\":1.5}]"));
        expected.put("union_value(num := 2)::UNION(num INTEGER, str VARCHAR)",
                is("UNION(num INTEGER, str VARCHAR)", "2"));
        expected.put("union_value(str := 'two')::UNION(num INTEGER, str VARCHAR)",
                is("UNION(num INTEGER, str VARCHAR)", "\"two\""));
        expected.put("[9007199254740993::BIGINT, 1]", is("BIGINT[]", "[\"9007199254740993\",1]"));
        expected.put("{'at': TIMESTAMP '2024-01-01 00:00:00', 'span': INTERVAL 2 HOURS}",
                is("STRUCT(\"at\" TIMESTAMP, span INTERVAL)", "{\"at\":\"2024-01-01T00:00:00\",\"span\":\"PT2H\"}"));
        assertValues(expected);
    }

    @Test
    void nullsAreJsonNullInEveryType() {
        Map<String, String[]> expected = new LinkedHashMap<>();
        expected.put("NULL", is("\"NULL\"", "null"));
        expected.put("NULL::INTEGER", is("INTEGER", "null"));
        expected.put("NULL::HUGEINT", is("HUGEINT", "null"));
        expected.put("NULL::DECIMAL(38,10)", is("DECIMAL(38,10)", "null"));
        expected.put("NULL::TIMESTAMP", is("TIMESTAMP", "null"));
        expected.put("NULL::BLOB", is("BLOB", "null"));
        expected.put("NULL::JSON", is("JSON", "null"));
        expected.put("NULL::INTEGER[]", is("INTEGER[]", "null"));
        expected.put("NULL::STRUCT(a INTEGER)", is("STRUCT(a INTEGER)", "null"));
        assertValues(expected);
    }

    @Test
    void textRenderingCarriesTheSameJsonValues() {
        var result = query(client, "SELECT 9007199254740993::BIGINT AS big, 'NaN'::DOUBLE AS d, "
                + "'\\xDE\\xAD'::BLOB AS b, [1, NULL] AS l, NULL AS n");
        assertThat(dev.mallard.testing.ToolCalls.text(result)).isEqualTo(
                "1 row · columns: big BIGINT, d DOUBLE, b BLOB, l INTEGER[], n \"NULL\"\n"
                        + "[\"9007199254740993\",\"NaN\",\"3q0=\",[1,null],null]");
    }
}
