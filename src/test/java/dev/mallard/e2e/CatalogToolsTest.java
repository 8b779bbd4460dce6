package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
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

/** list_databases, list_tables, list_columns, describe_table and search_catalog on two databases. */
class CatalogToolsTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        server = TestMallard.builder()
                .database("demo", TestData.demo())
                .database(ExtraDatabase.NAME, ExtraDatabase.create(directory))
                .start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> describedColumns(Map<String, Object> described) {
        return (List<Map<String, Object>>) described.get("columns");
    }

    private static Map<String, Object> describedColumn(Map<String, Object> described, String name) {
        return describedColumns(described).stream().filter(c -> c.get("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no column " + name + " in " + described));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample(Map<String, Object> described) {
        return (Map<String, Object>) described.get("sample");
    }

    // list_databases

    @Test
    void listDatabasesShowsBothWithDefaultWritableTableCountAndComment() {
        var result = call(client, "list_databases");
        assertThat(structured(result).get("columns"))
                .isEqualTo(List.of("name", "default", "writable", "tables", "comment"));
        // DuckDB 2.0 does not implement COMMENT ON DATABASE, so there is never a database comment.
        assertThat(rows(result)).containsExactly(
                row("demo", true, false, 4, null),
                row("extra", false, false, 4, null));
        assertThat(text(result)).isEqualTo("demo (default, read-only, 4 tables)\nextra (read-only, 4 tables)");
    }

    // list_tables

    @Test
    void listTablesGivesExactRowCountsAndCommentsOfTheDefaultDatabase() {
        var result = call(client, "list_tables");
        assertThat(structured(result)).containsEntry("database", "demo")
                .containsEntry("columns", List.of("schema", "name", "kind", "row_count", "comment"));
        List<List<Object>> rows = rows(result);
        assertThat(rows).extracting(r -> r.subList(0, 4)).containsExactly(
                row("main", "customers", "table", 50_000),
                row("main", "order_items", "table", 3_058_883),
                row("main", "orders", "table", 1_200_000),
                row("main", "products", "table", 1_000));
        assertThat((String) rows.get(0).get(4)).startsWith("Registered customers of a fictional online shop");
        assertThat((String) rows.get(3).get(4)).startsWith("Product catalog, one row per sellable product");
        assertThat(text(result)).startsWith("demo: 4 tables\ncustomers (table, 50,000 rows): Registered customers");
    }

    @Test
    void listTablesShowsAViewWithKindViewAndNoRowCount() {
        var result = call(client, "list_tables", "database", "extra");
        assertThat(structured(result)).containsEntry("database", "extra");
        assertThat(rows(result)).containsExactly(
                row("archive", "ledger", "table", 2, null),
                row("main", "events", "table", 100,
                        "Clickstream telemetry from the web shop, one row per tracked interaction."),
                row("main", "recent_events", "view", null, "The ten latest events."),
                row("sales", "ledger", "table", 3, null));
    }

    @Test
    void listTablesFiltersBySchema() {
        assertThat(rows(call(client, "list_tables", "database", "extra", "schema", "sales")))
                .containsExactly(row("sales", "ledger", "table", 3, null));
        assertThat(rows(call(client, "list_tables", "database", "EXTRA", "schema", "Archive")))
                .containsExactly(row("archive", "ledger", "table", 2, null));
    }

    @Test
    void listTablesWithUnknownSchemaSuggestsTheClosestOne() {
        assertThat(error(call(client, "list_tables", "database", "extra", "schema", "sale")))
                .isEqualTo("Schema 'sale' not found in database 'extra'. Did you mean 'sales'?");
    }

    @Test
    void listTablesWithUnknownDatabaseSuggestsTheClosestOne() {
        assertThat(error(call(client, "list_tables", "database", "extar")))
                .isEqualTo("Database 'extar' not found. Did you mean 'extra'?");
    }

    // list_columns

    @Test
    void listColumnsGivesTypesNullabilityAndComments() {
        var result = call(client, "list_columns", "table", "orders");
        assertThat(structured(result)).containsEntry("table", "demo.main.orders").containsEntry("kind", "table")
                .containsEntry("columns", List.of("name", "type", "nullable", "comment", "description", "note", "pii"));
        List<List<Object>> rows = rows(result);
        assertThat(rows).extracting(r -> r.subList(0, 3)).containsExactly(
                row("order_id", "INTEGER", false),
                row("customer_id", "INTEGER", false),
                row("ordered_at", "TIMESTAMP", false),
                row("status", "VARCHAR", false),
                row("payment_method", "VARCHAR", false),
                row("shipping_country", "VARCHAR", false),
                row("shipped_at", "TIMESTAMP", true),
                row("delivered_at", "TIMESTAMP", true),
                row("total_amount", "DECIMAL(12,2)", false));
        assertThat(rows.get(0).get(3)).isEqualTo("Primary key. Increasing order_id does not mean a later ordered_at.");
        assertThat((String) rows.get(3).get(3)).startsWith("Fulfilment status, one of: processing");
        assertThat(text(result)).startsWith("demo.main.orders (table), 9 columns:\norder_id INTEGER NOT NULL — Primary key.");
    }

    @Test
    void listColumnsShowsNullCommentsOfUncommentedColumns() {
        var result = call(client, "list_columns", "table", "sales.ledger", "database", "extra");
        assertThat(structured(result)).containsEntry("table", "extra.sales.ledger");
        assertThat(rows(result)).containsExactly(
                row("entry_id", "INTEGER", true, null, null, null, false),
                row("amount", "DECIMAL(10,2)", true, null, null, null, false));
    }

    @Test
    void listColumnsAcceptsSchemaAndDatabaseQualifiedNames() {
        for (String name : List.of("orders", "main.orders", "demo.orders", "demo.main.orders", "ORDERS",
                "\"demo\".\"main\".\"orders\"")) {
            assertThat(structured(call(client, "list_columns", "table", name))).as(name)
                    .containsEntry("table", "demo.main.orders");
        }
        assertThat(structured(call(client, "list_columns", "table", "extra.main.events")))
                .containsEntry("table", "extra.main.events");
        assertThat(structured(call(client, "list_columns", "table", "extra.events")))
                .containsEntry("table", "extra.main.events");
        assertThat(structured(call(client, "list_columns", "table", "events", "database", "extra")))
                .containsEntry("table", "extra.main.events");
    }

    @Test
    void listColumnsOfAViewSaysItIsAView() {
        var result = call(client, "list_columns", "table", "recent_events", "database", "extra");
        assertThat(structured(result)).containsEntry("table", "extra.main.recent_events").containsEntry("kind", "view");
        assertThat(rows(result)).extracting(r -> r.get(0))
                .containsExactly("event_id", "customer_id", "event_date", "kind", "payload", "recorded_at");
    }

    @Test
    void listColumnsOfAnUnknownTableSuggestsTheClosestName() {
        assertThat(error(call(client, "list_columns", "table", "custmers")))
                .isEqualTo("Table 'custmers' not found in database 'demo'. Did you mean 'customers'?");
        assertThat(error(call(client, "list_columns", "table", "evnets", "database", "extra")))
                .isEqualTo("Table 'evnets' not found in database 'extra'. Did you mean 'events'?");
    }

    @Test
    void listColumnsOfATableOnlyInAnotherDatabasePointsThere() {
        assertThat(error(call(client, "list_columns", "table", "event")))
                .startsWith("Table 'event' not found in database 'demo'. Did you mean ")
                .contains("'extra.main.events'");
    }

    @Test
    void listColumnsOfANameInTwoSchemasAsksToQualifyIt() {
        assertThat(error(call(client, "list_columns", "table", "ledger", "database", "extra")))
                .isEqualTo("'ledger' exists in several schemas of 'extra': archive.ledger, sales.ledger. "
                        + "Qualify it with the schema.");
        assertThat(structured(call(client, "list_columns", "table", "ledger", "database", "extra", "schema", "archive")))
                .containsEntry("table", "extra.archive.ledger");
    }

    // describe_table

    @Test
    void describeTableGivesCommentRowCountColumnsAndFiveSampleRows() {
        Map<String, Object> described = structured(call(client, "describe_table", "table", "customers"));
        assertThat(described).containsEntry("table", "demo.main.customers").containsEntry("kind", "table")
                .containsEntry("row_count", 50_000);
        assertThat((String) described.get("comment")).startsWith("Registered customers of a fictional online shop");
        assertThat(describedColumns(described)).extracting(c -> c.get("name")).containsExactly("customer_id",
                "first_name", "last_name", "email", "country", "city", "signup_date", "is_active", "marketing_opt_in",
                "last_login_at");
        assertThat(describedColumn(described, "email")).containsEntry("type", "VARCHAR")
                .containsEntry("nullable", false);
        assertThat((String) describedColumn(described, "email").get("comment")).startsWith("Email address");
        List<?> sampleRows = (List<?>) sample(described).get("rows");
        assertThat(sampleRows).hasSize(5);
        assertThat(sampleRows).allSatisfy(r -> assertThat((List<?>) r).hasSize(10));
        assertThat((List<?>) sample(described).get("columns")).hasSize(10)
                .first().isEqualTo(Map.of("name", "customer_id", "type", "INTEGER"));
    }

    @Test
    void describeTableNotesUnixSecondsInAnIntegerColumn() {
        Map<String, Object> described = structured(call(client, "describe_table", "table", "customers"));
        assertThat(describedColumn(described, "last_login_at")).containsEntry("type", "BIGINT")
                .containsEntry("note", "Integer holding unix epoch seconds; convert with to_timestamp(last_login_at).");
        assertThat(describedColumn(described, "customer_id")).doesNotContainKey("note");
    }

    @Test
    void describeTableNotesTheFewValuesOfAStatusColumn() {
        var result = call(client, "describe_table", "table", "orders");
        Map<String, Object> described = structured(result);
        String note = (String) describedColumn(described, "status").get("note");
        assertThat(note).startsWith("5 distinct values (most common first): 'delivered', ")
                .contains("'processing'", "'shipped'", "'returned'", "'cancelled'");
        assertThat(describedColumn(described, "shipping_country")).doesNotContainKey("note");
        assertThat(text(result)).contains("status VARCHAR NOT NULL").contains("[note: 5 distinct values");
    }

    @Test
    void describeTableNotesTextDatesEpochMillisecondsFewValuesAndJson() {
        Map<String, Object> described = structured(call(client, "describe_table", "table", "events",
                "database", "extra"));
        assertThat(described).containsEntry("table", "extra.main.events").containsEntry("row_count", 100)
                .containsEntry("comment", "Clickstream telemetry from the web shop, one row per tracked interaction.");
        assertThat(describedColumn(described, "event_date")).containsEntry("note",
                "Dates or times stored as text; cast with TRY_CAST(event_date AS TIMESTAMP) (or AS DATE) before "
                        + "comparing.");
        assertThat(describedColumn(described, "recorded_at")).containsEntry("note",
                "Integer holding unix epoch milliseconds; convert with epoch_ms(recorded_at).");
        assertThat(describedColumn(described, "kind")).containsEntry("comment", "What the visitor did.")
                .containsEntry("note", "3 distinct values (most common first): 'view', 'click', 'purchase'.");
        assertThat(describedColumn(described, "payload")).containsEntry("type", "JSON").containsEntry("note",
                "JSON text: extract fields with payload->>'$.field' or json_extract(...).");
        assertThat(describedColumn(described, "event_id")).doesNotContainKeys("note", "comment");
        assertThat(sample(described).get("rows")).isEqualTo(List.of(
                List.of(1, 1, "2024-01-02", "view", Map.of("n", 1), 1_704_067_260_000L),
                List.of(2, 2, "2024-01-03", "purchase", Map.of("n", 2), 1_704_067_320_000L),
                List.of(3, 3, "2024-01-04", "click", Map.of("n", 3), 1_704_067_380_000L),
                List.of(4, 4, "2024-01-05", "view", Map.of("n", 4), 1_704_067_440_000L),
                List.of(5, 5, "2024-01-06", "purchase", Map.of("n", 5), 1_704_067_500_000L)));
    }

    @Test
    void describeTableOfAViewHasNoRowCount() {
        Map<String, Object> described = structured(call(client, "describe_table", "table", "extra.recent_events"));
        assertThat(described).containsEntry("table", "extra.main.recent_events").containsEntry("kind", "view")
                .containsEntry("comment", "The ten latest events.");
        assertThat(described.get("row_count")).isNull();
        assertThat((List<?>) sample(described).get("rows")).hasSize(5);
    }

    @Test
    void describeTableOfAnUnknownTableSuggestsTheClosestName() {
        assertThat(error(call(client, "describe_table", "table", "order")))
                .startsWith("Table 'order' not found in database 'demo'. Did you mean 'orders'");
        assertThat(error(call(client, "describe_table", "table", "customers", "database", "dmeo")))
                .isEqualTo("Database 'dmeo' not found. Did you mean 'demo'?");
    }

    // search_catalog

    @Test
    void searchCatalogFindsATableDespiteATypo() {
        var result = call(client, "search_catalog", "query", "custmer");
        assertThat(structured(result).get("columns")).isEqualTo(List.of("type", "name", "data_type", "comment", "score",
                "annotation"));
        List<Object> best = rows(result).getFirst();
        assertThat(best.subList(0, 3)).isEqualTo(row("table", "demo.main.customers", null));
        assertThat((String) best.get(3)).startsWith("Registered customers");
        assertThat(((Number) best.get(4)).doubleValue()).isBetween(0.8, 1.0);
        assertThat(text(result)).startsWith("5 matches for 'custmer':\ntable demo.main.customers — Registered");
    }

    @Test
    void searchCatalogFindsAColumnDespiteATypo() {
        List<List<Object>> rows = rows(call(client, "search_catalog", "query", "emial"));
        assertThat(rows.getFirst().subList(0, 3)).isEqualTo(row("column", "demo.main.customers.email", "VARCHAR"));
    }

    @Test
    void searchCatalogRanksAnExactNameFirstWithScoreOne() {
        List<Object> best = rows(call(client, "search_catalog", "query", "orders")).getFirst();
        assertThat(best.subList(0, 3)).isEqualTo(row("table", "demo.main.orders", null));
        assertThat(((Number) best.get(4)).doubleValue()).isEqualTo(1.0);
    }

    @Test
    void searchCatalogFiltersByObjectType() {
        List<List<Object>> columns = rows(call(client, "search_catalog", "query", "customer",
                "object_types", List.of("column")));
        assertThat(columns).isNotEmpty().allSatisfy(r -> assertThat(r.get(0)).isEqualTo("column"));
        List<List<Object>> views = rows(call(client, "search_catalog", "query", "recent events",
                "object_types", List.of("view", "schema")));
        assertThat(views).extracting(r -> r.subList(0, 2)).containsExactly(row("view", "extra.main.recent_events"));
        List<List<Object>> schemas = rows(call(client, "search_catalog", "query", "archive",
                "object_types", List.of("schema")));
        assertThat(schemas).extracting(r -> r.subList(0, 2)).containsExactly(row("schema", "extra.archive"));
        List<List<Object>> databases = rows(call(client, "search_catalog", "query", "extra",
                "object_types", List.of("database")));
        assertThat(databases).extracting(r -> r.subList(0, 2)).containsExactly(row("database", "extra"));
    }

    @Test
    void searchCatalogHonoursTheLimit() {
        assertThat(rows(call(client, "search_catalog", "query", "id", "limit", 3))).hasSize(3);
        assertThat(rows(call(client, "search_catalog", "query", "customer"))).hasSizeGreaterThan(3);
        assertThat(rows(call(client, "search_catalog", "query", "customer", "limit", 1))).hasSize(1);
    }

    @Test
    void searchCatalogMatchesOnACommentAlone() {
        List<List<Object>> rows = rows(call(client, "search_catalog", "query", "telemetry"));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).isEqualTo(row("table", "extra.main.events", null,
                "Clickstream telemetry from the web shop, one row per tracked interaction.", 0.85, null));
    }

    @Test
    void searchCatalogReturnsHitsFromEveryDatabase() {
        List<List<Object>> rows = rows(call(client, "search_catalog", "query", "customer_id",
                "object_types", List.of("column"), "limit", 100));
        assertThat(rows).extracting(r -> r.get(1)).contains("demo.main.customers.customer_id",
                "demo.main.orders.customer_id", "extra.main.events.customer_id");
        assertThat(rows).extracting(r -> r.get(4)).first().isEqualTo(1.0);
    }

    @Test
    void searchCatalogWithNothingMatchingSaysSo() {
        var result = call(client, "search_catalog", "query", "zzqqxx");
        assertThat(rows(result)).isEmpty();
        assertThat(text(result)).isEqualTo("Nothing matches 'zzqqxx'. Try other words, or list_tables to browse.");
    }

    @Test
    void searchCatalogWithAnUnknownObjectTypeIsAnError() {
        assertThat(error(call(client, "search_catalog", "query", "orders", "object_types", List.of("tabel"))))
                .contains("object_types").contains("table", "view", "column", "schema", "database");
    }
}
