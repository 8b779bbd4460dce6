package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases, tables and columns named like SQL keywords or with spaces and capitals: Mallard's own
 * SQL (row counts, samples, column notes) must quote them, and the names it shows must work in SQL.
 */
class AwkwardNamesTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        Path keys = TestData.database(directory, "keys.duckdb",
                """
                CREATE TABLE "group" (
                    "select"     INTEGER NOT NULL,
                    "left"       VARCHAR,
                    "Mixed Case" VARCHAR,
                    created_at   BIGINT,
                    "timestamp"  VARCHAR,
                    "time"       BIGINT,
                    "values"     JSON
                )""",
                """
                INSERT INTO "group"
                SELECT i, ['a', 'b'][1 + i % 2], 'x', 1700000000 + i, strftime(TIMESTAMP '2024-01-01' + i * INTERVAL 1 HOUR,
                       '%Y-%m-%d %H:%M:%S'), 1700000000000 + i, json_object('i', i)
                FROM range(50) t(i)""",
                "COMMENT ON TABLE \"group\" IS 'Named like a keyword.'",
                "CREATE SCHEMA \"Sales Data\"",
                "CREATE TABLE \"Sales Data\".\"Big Orders\" AS SELECT range AS id FROM range(3)");
        Path order = TestData.database(directory, "order.duckdb", "CREATE TABLE t AS SELECT 1 AS id");
        server = TestMallard.builder().database("keys", keys).database("order", order).start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> column(Map<String, Object> described, String name) {
        return ((List<Map<String, Object>>) described.get("columns")).stream()
                .filter(c -> c.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void databaseNamedLikeAKeywordIsServed() {
        assertThat(rows(call(client, "list_databases"))).extracting(r -> r.subList(0, 4))
                .containsExactly(row("keys", true, false, 2), row("order", false, false, 1));
        assertThat(rows(call(client, "list_tables", "database", "order")))
                .containsExactly(row("main", "t", "table", 1, null));
        assertThat(structured(call(client, "describe_table", "table", "t", "database", "order")))
                .containsEntry("table", "\"order\".main.t").containsEntry("row_count", 1);
        assertThat(rows(call(client, "query", "database", "order", "sql", "SELECT id FROM t")))
                .containsExactly(row(1));
        assertThat(client.getServerInstructions()).contains("\"order\".t (table, 1 row)");
    }

    @Test
    void tablesNamedLikeKeywordsAreCountedAndListed() {
        assertThat(rows(call(client, "list_tables"))).containsExactly(
                row("Sales Data", "Big Orders", "table", 3, null),
                row("main", "group", "table", 50, "Named like a keyword."));
    }

    @Test
    void describeTableQuotesWhatItShowsAndRuns() {
        Map<String, Object> described = structured(call(client, "describe_table", "table", "group"));
        assertThat(described).containsEntry("table", "keys.main.\"group\"").containsEntry("row_count", 50);
        assertThat((List<?>) ((Map<?, ?>) described.get("sample")).get("rows")).hasSize(5);

        assertThat(column(described, "left"))
                .containsEntry("note", "2 distinct values (most common first): 'a', 'b'.");
        assertThat(column(described, "Mixed Case")).containsEntry("note", "1 distinct value: 'x'.");
        assertThat(column(described, "created_at"))
                .containsEntry("note", "Integer holding unix epoch seconds; convert with to_timestamp(created_at).");
        assertThat(column(described, "timestamp")).containsEntry("note", "Dates or times stored as text; cast with "
                + "TRY_CAST(\"timestamp\" AS TIMESTAMP) (or AS DATE) before comparing.");
        assertThat(column(described, "time"))
                .containsEntry("note", "Integer holding unix epoch milliseconds; convert with epoch_ms(\"time\").");
        assertThat(column(described, "values"))
                .containsEntry("note", "JSON text: extract fields with \"values\"->>'$.field' or json_extract(...).");
    }

    @Test
    void namesShownByTheCatalogWorkInSql() {
        String table = (String) structured(call(client, "describe_table", "table", "\"Sales Data\".\"Big Orders\""))
                .get("table");
        assertThat(table).isEqualTo("keys.\"Sales Data\".\"Big Orders\"");
        assertThat(rows(query(client, "SELECT count(*) FROM " + table))).containsExactly(row(3));

        List<List<Object>> hits = rows(call(client, "search_catalog", "query", "timestamp",
                "object_types", List.of("column")));
        String columnName = (String) hits.getFirst().get(1);
        assertThat(columnName).isEqualTo("keys.main.\"group\".\"timestamp\"");
        String columnRef = columnName.substring("keys.main.".length());
        assertThat(rows(query(client, "SELECT count(" + columnRef + ") FROM keys.main.\"group\"")))
                .containsExactly(row(50));
    }

    @Test
    void listColumnsAndTheTableArgumentAcceptQuotedNames() {
        assertThat(structured(call(client, "list_columns", "table", "\"Sales Data\".\"Big Orders\"")))
                .containsEntry("table", "keys.\"Sales Data\".\"Big Orders\"");
        assertThat(rows(call(client, "list_columns", "table", "main.\"group\""))).extracting(r -> r.get(0))
                .containsExactly("select", "left", "Mixed Case", "created_at", "timestamp", "time", "values");
    }
}
