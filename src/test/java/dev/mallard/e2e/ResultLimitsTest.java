package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.QueryLimits;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The row and character caps, the notices that explain them, and the instructions that announce them. */
class ResultLimitsTest {
    private static final int SMALL_MAX_CHARS = 5_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static TestMallard defaults;
    private static TestMallard small;
    private static TestMallard impatient;
    private static McpSyncClient client;
    private static McpSyncClient smallClient;
    private static McpSyncClient impatientClient;

    @BeforeAll
    static void start() {
        defaults = TestMallard.demo();
        client = defaults.client();
        small = TestMallard.builder().database("demo", TestData.demo())
                .limits(new QueryLimits(200, 2048, SMALL_MAX_CHARS, Duration.ofSeconds(55))).start();
        smallClient = small.client();
        impatient = TestMallard.builder().inMemory("work").timeout(Duration.ofSeconds(2)).start();
        impatientClient = impatient.client();
    }

    @AfterAll
    static void stop() {
        defaults.close();
        small.close();
        impatient.close();
    }

    @Test
    void defaultIs200RowsWithTheExactTotalAndHowToGetMore() {
        Map<String, Object> content = structured(query(client, "SELECT customer_id FROM customers ORDER BY customer_id"));
        assertThat(content).containsEntry("row_count", 200).containsEntry("truncated", true)
                .containsEntry("total_rows", 50_000);
        assertThat((List<?>) content.get("rows")).hasSize(200).first().isEqualTo(List.of(1));
        assertThat((String) content.get("message"))
                .isEqualTo("Showing rows 1–200 of 50,000 (max_rows=200). For the next page, call query with cursor=\""
                        + content.get("next_cursor") + "\" (sql may be left out); the result is kept as it is now for "
                        + "10 minutes after each use. To see fewer pages, raise max_rows or aggregate instead of "
                        + "listing rows.");
    }

    @Test
    void resultThatFitsHasNoMessage() {
        Map<String, Object> content = structured(query(client, "SELECT * FROM range(200)"));
        assertThat(content).containsEntry("row_count", 200).containsEntry("truncated", false)
                .containsEntry("total_rows", 200).doesNotContainKey("message");
    }

    @Test
    void maxRowsIsHonoured() {
        Map<String, Object> content = structured(call(client, "query", "sql", "SELECT * FROM customers", "max_rows", 7));
        assertThat(content).containsEntry("row_count", 7).containsEntry("truncated", true)
                .containsEntry("total_rows", 50_000);
        assertThat((List<?>) content.get("rows")).hasSize(7);
        assertThat((String) content.get("message")).startsWith("Showing rows 1–7 of 50,000 (max_rows=7).");

        Map<String, Object> exact = structured(call(client, "query", "sql", "SELECT * FROM products LIMIT 7",
                "max_rows", 7));
        assertThat(exact).containsEntry("row_count", 7).containsEntry("truncated", false)
                .containsEntry("total_rows", 7).doesNotContainKey("message");
    }

    @Test
    void maxRowsAboveTheCapIsCappedWithANotice() {
        var result = call(client, "query", "sql", "SELECT * FROM range(10000)", "max_rows", 5000);
        Map<String, Object> content = structured(result);
        assertThat(content).containsEntry("row_count", 2048).containsEntry("truncated", true)
                .containsEntry("total_rows", 10_000);
        assertThat((String) content.get("message"))
                .contains("Showing rows 1–2,048 of 10,000 (max_rows=2048).")
                .contains("max_rows=5000 is above this server's cap of 2048; returned at most 2048 rows.");
        assertThat(text(result)).endsWith("returned at most 2048 rows.");
    }

    @Test
    void smallCharacterLimitKeepsWholeRowsAndSaysSo() {
        var result = query(smallClient, "SELECT * FROM customers ORDER BY customer_id");
        Map<String, Object> content = structured(result);
        List<List<Object>> rows = rows(result);
        assertThat(rows).hasSizeBetween(5, 199).allSatisfy(row -> assertThat(row).hasSize(10));
        assertThat(rows.getLast().get(0)).isEqualTo(rows.size());
        assertThat(content).containsEntry("row_count", rows.size()).containsEntry("truncated", true)
                .containsEntry("total_rows", 50_000);
        assertThat((String) content.get("message"))
                .startsWith("Showing rows 1–" + rows.size() + " of 50,000: the page reached the "
                        + "5,000-character limit.")
                .contains("cursor=").contains("select fewer columns");
        assertThat(JSON.writeValueAsString(content).length()).isLessThanOrEqualTo(SMALL_MAX_CHARS);
    }

    @Test
    void singleValueLargerThanTheLimitGivesNoRowsAndANotice() {
        Map<String, Object> content = structured(query(smallClient, "SELECT repeat('x', 20000) AS big"));
        assertThat(content).containsEntry("row_count", 0).containsEntry("truncated", true)
                .containsEntry("total_rows", 1).containsEntry("rows", List.of());
        assertThat((String) content.get("message")).contains("5,000-character limit")
                .contains("left(col, 100)");
    }

    @Test
    void resultTooLargeToCountSaysMoreExistWithoutATotal() {
        long start = System.nanoTime();
        Map<String, Object> content = structured(query(client, "SELECT * FROM range(100000000000)"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(content).containsEntry("row_count", 200).containsEntry("truncated", true);
        assertThat(content).containsKey("total_rows");
        assertThat(content.get("total_rows")).isNull();
        assertThat((String) content.get("message"))
                .startsWith("Showing rows 1–200 (more exist; the total was not counted) (max_rows=200).");
    }

    @Test
    void queryOverTheTimeLimitIsStoppedWithAdviceAndTheServerCarriesOn() {
        long start = System.nanoTime();
        String message = error(query(impatientClient,
                "SELECT sum(length(md5(i::VARCHAR))) FROM range(200000000) t(i)"));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(message).startsWith("Query stopped after 2 s, the server's time limit.").contains("USING SAMPLE");
        assertThat(elapsed).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(6));
        for (int i = 0; i < 6; i++) {
            assertThat(rows(query(impatientClient, "SELECT " + i + " AS i"))).containsExactly(List.of(i));
        }
    }

    @Test
    void instructionsListTheTablesThatFitTheirBudgetAndPointToTheRest(@TempDir Path directory) {
        int tables = 120;
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < tables; i++) {
            statements.add("CREATE TABLE wide_" + i + " AS SELECT range AS id FROM range(" + i + ")");
            statements.add("COMMENT ON TABLE wide_" + i + " IS '" + "A table with a long comment. ".repeat(5) + i + "'");
        }
        Path file = TestData.database(directory, "wide.duckdb", statements.toArray(String[]::new));
        try (TestMallard wide = TestMallard.builder().database("wide", file).start()) {
            String instructions = wide.client().getServerInstructions();
            String summary = instructions.substring(instructions.indexOf("Served databases:"));
            Matcher more = Pattern.compile("\\n\\((\\d+) more tables: use list_tables or search_catalog\\.\\)$")
                    .matcher(summary);
            assertThat(more.find()).as(summary).isTrue();
            long listed = summary.lines().filter(line -> line.startsWith("  wide.wide_")).count();
            assertThat(listed).isPositive();
            assertThat(listed + Integer.parseInt(more.group(1))).isEqualTo(tables);
            assertThat(summary.length() - more.group().length()).isLessThanOrEqualTo(4_000);
            assertThat(summary).contains("- wide (default, read-only, 120 tables)")
                    .contains("\n  wide.wide_1 (table, 1 row): A table with a long comment.");
        }
    }

    @Test
    void instructionsHoldTheSqlGuideAndTheDemoTablesWithRowCounts() {
        String instructions = client.getServerInstructions();
        assertThat(instructions).startsWith("Mallard serves DuckDB databases.")
                .contains("Friendly SQL", "SUMMARIZE", "date_trunc", "to_timestamp(n)")
                .contains("capped at max_rows rows (default 200, at most 2048) and 50,000 characters")
                .contains("A query stops after 55 s")
                .contains("Served databases:\n- demo (default, read-only, 4 tables)")
                .contains("demo.customers (table, 50,000 rows): Registered customers")
                .contains("demo.order_items (table, 3,058,883 rows)")
                .contains("demo.orders (table, 1,200,000 rows)")
                .contains("demo.products (table, 1,000 rows)")
                .doesNotContain("{default_rows}", "{max_rows}", "{max_chars}", "{timeout}");
        assertThat(smallClient.getServerInstructions()).contains("at most 2048) and 5,000 characters");
    }
}
