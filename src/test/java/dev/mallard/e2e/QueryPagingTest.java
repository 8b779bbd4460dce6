package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Access;
import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.CursorSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.config.QueryLimits;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paging with cursors: a cut result carries next_cursor, and each page of it comes from a snapshot
 * taken when the query ran, bounded in time and size, and only for the principal that ran it.
 */
class QueryPagingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SMALL_MAX_CHARS = 5_000;

    private static TestMallard demo;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        demo = TestMallard.demo();
        client = demo.client();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    /** Every page of a query, following next_cursor until a page has none. */
    private static List<Map<String, Object>> allPages(McpSyncClient client, String sql, Integer maxRows) {
        List<Map<String, Object>> pages = new ArrayList<>();
        Map<String, Object> page = structured(maxRows == null ? call(client, "query", "sql", sql)
                : call(client, "query", "sql", sql, "max_rows", maxRows));
        pages.add(page);
        while (page.get("next_cursor") instanceof String cursor) {
            page = structured(maxRows == null ? call(client, "query", "cursor", cursor)
                    : call(client, "query", "cursor", cursor, "max_rows", maxRows));
            pages.add(page);
            assertThat(pages.size()).as("pages").isLessThan(10_000);
        }
        return pages;
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> rowsOf(List<Map<String, Object>> pages) {
        List<List<Object>> rows = new ArrayList<>();
        for (Map<String, Object> page : pages) {
            assertThat(((Number) page.get("offset")).longValue()).isEqualTo(rows.size());
            rows.addAll((List<List<Object>>) page.get("rows"));
        }
        return rows;
    }

    private static String cursorOf(McpSchema.CallToolResult result) {
        return (String) structured(result).get("next_cursor");
    }

    @Test
    void pagesThroughFiftyThousandRowsEachExactlyOnceInOrder() {
        List<Map<String, Object>> pages = allPages(client, "SELECT * FROM range(50000) t(i)", 1000);
        assertThat(pages).hasSize(50);
        Map<String, Object> first = pages.getFirst();
        assertThat(first).containsEntry("offset", 0).containsEntry("row_count", 1000).containsEntry("truncated", true)
                .containsEntry("total_rows", 50_000);
        assertThat((String) first.get("message")).startsWith("Showing rows 1–1,000 of 50,000 (max_rows=1000). For the "
                + "next page, call query with cursor=\"" + first.get("next_cursor") + "\"")
                .contains("kept as it is now for 10 minutes");
        assertThat(pages.get(1)).containsEntry("offset", 1000).containsEntry("total_rows", 50_000);
        assertThat((String) pages.get(1).get("message")).startsWith("Showing rows 1,001–2,000 of 50,000");
        Map<String, Object> last = pages.getLast();
        assertThat(last).doesNotContainKey("next_cursor").containsEntry("truncated", false)
                .containsEntry("offset", 49_000).containsEntry("row_count", 1000);
        assertThat((String) last.get("message")).isEqualTo("Showing rows 49,001–50,000 of 50,000: the last page.");
        List<List<Object>> rows = rowsOf(pages);
        assertThat(rows).hasSize(50_000);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).containsExactly(i);
        }
    }

    @Test
    void pagesThroughATableWithoutOrderByEachRowOnce() {
        List<Map<String, Object>> pages = allPages(client, "SELECT customer_id, email FROM customers", 2048);
        List<List<Object>> rows = rowsOf(pages);
        assertThat(rows).hasSize(50_000);
        Set<Object> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getFirst()));
        assertThat(ids).hasSize(50_000);
        assertThat(pages.getLast()).containsEntry("total_rows", 50_000).doesNotContainKey("next_cursor");
    }

    @Test
    void pageRowsAreEncodedExactlyAsTheFirstPageEncodesThem() {
        String sql = "SELECT i, 1.50::DECIMAL(4,2) AS price, i / 3 AS third, (i * 4503599627370496)::HUGEINT AS big, "
                + "DATE '2024-01-01' + i::INTEGER AS day, [i, i + 1] AS list FROM range(20) t(i)";
        var whole = call(client, "query", "sql", sql);
        var first = call(client, "query", "sql", sql, "max_rows", 7);
        List<List<Object>> paged = new ArrayList<>(rows(first));
        String cursor = cursorOf(first);
        while (cursor != null) {
            var page = call(client, "query", "cursor", cursor, "max_rows", 7);
            paged.addAll(rows(page));
            cursor = cursorOf(page);
        }
        assertThat(paged).isEqualTo(rows(whole));
        assertThat(text(whole)).contains("[1,1.50,0.3333333333333333,4503599627370496,\"2024-01-02\",[1,2]]");
        var second = call(client, "query", "cursor", cursorOf(first), "max_rows", 7);
        assertThat(text(second)).contains("[7,1.50,2.3333333333333335,\"31525197391593472\",\"2024-01-08\",[7,8]]");
    }

    @Test
    void theCharacterCapCutsPagesAndEveryPageFits() {
        try (TestMallard small = TestMallard.builder().inMemory("work")
                .limits(new QueryLimits(200, 2048, SMALL_MAX_CHARS, Duration.ofSeconds(55))).start()) {
            McpSyncClient smallClient = small.client();
            List<Map<String, Object>> pages = allPages(smallClient,
                    "SELECT i, repeat('x', 40) AS pad FROM range(5000) t(i)", 2048);
            assertThat(pages.size()).isGreaterThan(20);
            for (Map<String, Object> page : pages) {
                assertThat(JSON.writeValueAsString(page).length()).isLessThanOrEqualTo(SMALL_MAX_CHARS);
            }
            assertThat((String) pages.getFirst().get("message")).contains("the page reached the 5,000-character limit")
                    .contains("cursor=");
            List<List<Object>> rows = rowsOf(pages);
            assertThat(rows).hasSize(5000);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i)).containsExactly(i, "x".repeat(40));
            }
        }
    }

    @Test
    void maxRowsMayChangeFromPageToPage() {
        var first = call(client, "query", "sql", "SELECT * FROM range(100) t(i)", "max_rows", 10);
        var second = call(client, "query", "cursor", cursorOf(first), "max_rows", 50);
        assertThat(structured(second)).containsEntry("offset", 10).containsEntry("row_count", 50);
        assertThat(rows(second).getFirst()).containsExactly(10);
        var third = call(client, "query", "cursor", cursorOf(second));
        assertThat(structured(third)).containsEntry("offset", 60).containsEntry("row_count", 40)
                .doesNotContainKey("next_cursor");
        // The same cursor again gives the same page: a lost answer can be asked for again.
        assertThat(rows(call(client, "query", "cursor", cursorOf(first), "max_rows", 50))).isEqualTo(rows(second));
    }

    @Test
    void laterPagesShowTheResultAsItWasWhenTheQueryRan() {
        try (TestMallard writable = TestMallard.builder().inMemory("work").readWrite().start()) {
            McpSyncClient writer = writable.client();
            structured(call(writer, "query_rw", "sql", "CREATE TABLE t AS SELECT range AS id FROM range(10000)"));
            var first = call(writer, "query", "sql", "SELECT id FROM t", "max_rows", 1000);
            structured(call(writer, "query_rw", "sql", "DELETE FROM t WHERE id % 2 = 0; "
                    + "INSERT INTO t SELECT range + 100000 FROM range(5000); UPDATE t SET id = -id WHERE id < 5000"));
            List<List<Object>> rows = new ArrayList<>(rows(first));
            String cursor = cursorOf(first);
            while (cursor != null) {
                var page = call(writer, "query", "cursor", cursor, "max_rows", 1000);
                assertThat(structured(page)).containsEntry("total_rows", 10_000);
                rows.addAll(rows(page));
                cursor = cursorOf(page);
            }
            assertThat(rows.stream().map(row -> ((Number) row.getFirst()).longValue()).sorted().toList())
                    .isEqualTo(java.util.stream.LongStream.range(0, 10_000).boxed().toList());
            assertThat(structured(call(writer, "query", "sql", "SELECT count(*) FROM t")).get("rows"))
                    .isEqualTo(List.of(List.of(10_000)));
        }
    }

    @Test
    void aResultThatFitsHasNoCursorAndNoOffset() {
        Map<String, Object> content = structured(call(client, "query", "sql", "SELECT * FROM range(10)"));
        assertThat(content).doesNotContainKeys("next_cursor", "offset", "message");
    }

    @Test
    void aCursorWithDifferentSqlIsRefusedAndTheSameSqlIsAccepted() {
        String sql = "SELECT * FROM range(500) t(i)";
        String cursor = cursorOf(call(client, "query", "sql", sql));
        assertThat(error(call(client, "query", "cursor", cursor, "sql", "SELECT * FROM range(600) t(i)")))
                .isEqualTo("This cursor pages the result of another query. Leave sql out to get the cursor's next "
                        + "page, or leave cursor out to run this query.");
        assertThat(error(call(client, "query", "cursor", cursor, "database", "elsewhere")))
                .contains("This cursor pages a query of database 'demo', not 'elsewhere'.");
        assertThat(rows(call(client, "query", "cursor", cursor, "sql", sql)).getFirst()).containsExactly(200);
    }

    @Test
    void aGarbageOrUnknownCursorGetsAClearError() {
        assertThat(error(call(client, "query", "cursor", "not-a-cursor")))
                .isEqualTo("'not-a-cursor' is not a cursor of this server. Pass the next_cursor of a query result "
                        + "exactly as it was given, or run the query without a cursor.");
        String cursor = cursorOf(call(client, "query", "sql", "SELECT * FROM range(500)"));
        // Same shape, another id: well formed but unknown.
        char changed = cursor.charAt(3) == 'A' ? 'B' : 'A';
        String unknown = cursor.substring(0, 3) + changed + cursor.substring(4);
        assertThat(error(call(client, "query", "cursor", unknown))).startsWith("Unknown cursor: this server has no "
                + "result for it").contains("Run the query again without a cursor");
        assertThat(error(call(client, "query"))).isEqualTo("Pass 'sql' with the query to run, or 'cursor' with the "
                + "next_cursor of an earlier result to get its next page.");
    }

    @Test
    void aPageIsAuditedWithTheOriginalSqlAndDatabase() {
        Instant since = Instant.now();
        String sql = "SELECT * FROM range(300) t(audited)";
        String cursor = cursorOf(call(client, "query", "sql", sql));
        structured(call(client, "query", "cursor", cursor));
        demo.mallard().audit().flush();
        List<AuditEntry> entries = demo.mallard().store().audit().recent(new AuditQuery(since, "query", null, 100))
                .stream().filter(entry -> sql.equals(entry.sql())).toList();
        assertThat(entries).hasSize(2).allSatisfy(entry -> assertThat(entry.database()).isEqualTo("demo"));
        assertThat(entries).extracting(AuditEntry::rowsReturned).containsExactlyInAnyOrder(200L, 100L);
    }

    @Test
    void anotherPrincipalsCursorIsUnknown() {
        try (TestMallard keyed = TestMallard.builder().database("demo", TestData.demo())
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start()) {
            var users = keyed.mallard().users();
            users.add("alice", Optional.empty(), false);
            users.grant("alice", "*", Access.READ);
            users.add("bob", Optional.empty(), false);
            users.grant("bob", "*", Access.READ);
            ApiKeys keys = keyed.mallard().apiKeys();
            String alice = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
            String aliceOther = keys.create("alice", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
            String bob = keys.create("bob", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
            String cursor = cursorOf(call(keyed.client(alice), "query", "sql", "SELECT * FROM customers"));
            assertThat(error(call(keyed.client(bob), "query", "cursor", cursor)))
                    .startsWith("Unknown cursor: this server has no result for it");
            assertThat(structured(call(keyed.client(aliceOther), "query", "cursor", cursor)))
                    .containsEntry("offset", 200);
        }
    }

    private static List<Path> snapshotFiles(TestMallard server) throws IOException {
        Path cursors = server.dataDir().resolve("cursors");
        if (!Files.exists(cursors)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cursors)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static final String LARGE = "SELECT i, repeat('x', 100) AS pad FROM range(50000) t(i)";

    @Test
    void anExpiredCursorSaysSoAndItsFileIsRemoved() throws Exception {
        CursorSettings shortLived = CursorSettings.DEFAULTS.withTtl(Duration.ofSeconds(1));
        try (TestMallard server = TestMallard.builder().inMemory("work").cursors(shortLived).start()) {
            McpSyncClient shortClient = server.client();
            String cursor = cursorOf(call(shortClient, "query", "sql", LARGE));
            assertThat(snapshotFiles(server)).hasSize(1);
            Thread.sleep(1_600);
            assertThat(snapshotFiles(server)).isEmpty();
            assertThat(error(call(shortClient, "query", "cursor", cursor)))
                    .isEqualTo("This cursor expired: its result is kept for 1 second after its last use. Run the "
                            + "query again without a cursor and page from its next_cursor; to avoid paging far, "
                            + "aggregate or filter the result first.");
        }
    }

    @Test
    void theOldestSnapshotIsDroppedToMakeRoomAndItsCursorSaysSo() throws Exception {
        // Too little memory for a large result, room for one on disk.
        CursorSettings small = new CursorSettings(Duration.ofMinutes(10), 8L << 20, 64L << 10, 8L << 20);
        try (TestMallard server = TestMallard.builder().inMemory("work").cursors(small).start()) {
            McpSyncClient smallClient = server.client();
            String older = cursorOf(call(smallClient, "query", "sql", LARGE));
            List<Path> olderFiles = snapshotFiles(server);
            assertThat(olderFiles).hasSize(1);
            String newer = cursorOf(call(smallClient, "query", "sql", LARGE + " WHERE i > 10"));
            assertThat(snapshotFiles(server)).hasSize(1).doesNotContainAnyElementsOf(olderFiles);
            assertThat(error(call(smallClient, "query", "cursor", older)))
                    .startsWith("This cursor's result was dropped to make room for newer paged results");
            assertThat(rows(call(smallClient, "query", "cursor", newer)).getFirst().getFirst()).isEqualTo(211);
            // Small results stay in memory when there is room: no file.
            CursorSettings roomy = new CursorSettings(Duration.ofMinutes(10), 8L << 20, 8L << 20, 8L << 20);
            try (TestMallard inMemory = TestMallard.builder().inMemory("work").cursors(roomy).start()) {
                assertThat(cursorOf(call(inMemory.client(), "query", "sql", "SELECT * FROM range(5000)"))).isNotNull();
                assertThat(snapshotFiles(inMemory)).isEmpty();
            }
        }
    }

    @Test
    void theQueryTextKeptWithACursorCountsAgainstTheMemoryCap() {
        // A long comment makes the text kept with each cursor far larger than its one row: were only rows
        // counted, any caller could hold gigabytes of query text for the cursor TTL.
        CursorSettings small = new CursorSettings(Duration.ofMinutes(10), 8L << 20, 1L << 20, 8L << 20);
        try (TestMallard server = TestMallard.builder().inMemory("work").cursors(small).start()) {
            McpSyncClient smallClient = server.client();
            String padding = "\n-- " + "x".repeat(300_000);
            String older = cursorOf(call(smallClient, "query", "sql", "SELECT * FROM range(3)" + padding,
                    "max_rows", 1));
            String newer = cursorOf(call(smallClient, "query", "sql", "SELECT * FROM range(4)" + padding,
                    "max_rows", 1));
            assertThat(error(call(smallClient, "query", "cursor", older)))
                    .startsWith("This cursor's result was dropped to make room for newer paged results");
            assertThat(rows(call(smallClient, "query", "cursor", newer)).getFirst().getFirst()).isEqualTo(1);
            assertThat(call(smallClient, "query", "sql", "SELECT * FROM range(5)\n-- " + "x".repeat(600_000),
                    "max_rows", 1).structuredContent().toString()).doesNotContain("next_cursor");
        }
    }

    @Test
    void aLargeResultSpillsToAFileThatIsRemovedAtClose() throws Exception {
        TestMallard server = TestMallard.builder().inMemory("work").start();
        Path dataDir = server.dataDir();
        try {
            String cursor = cursorOf(call(server.client(), "query", "sql", LARGE, "max_rows", 100));
            List<Path> files = snapshotFiles(server);
            assertThat(files).hasSize(1);
            // 49,900 rows of about 110 bytes: past the 1 MiB kept in memory.
            assertThat(Files.size(files.getFirst())).isGreaterThan(5_000_000);
            assertThat(structured(call(server.client(), "query", "cursor", cursor))).containsEntry("offset", 100);
            server.mallard().close();
            assertThat(files.getFirst()).doesNotExist();
        } finally {
            server.close();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void whenTheRestCannotBeWrittenTheQueryStillAnswersWithoutACursor() throws Exception {
        try (TestMallard server = TestMallard.builder().inMemory("work").start()) {
            Path processCursors = server.dataDir().resolve("cursors")
                    .resolve(Long.toString(ProcessHandle.current().pid()));
            Files.delete(processCursors);
            Map<String, Object> content = structured(call(server.client(), "query", "sql", LARGE));
            assertThat(content).containsEntry("row_count", 200).containsEntry("truncated", true)
                    .containsEntry("total_rows", 50_000).doesNotContainKeys("next_cursor", "offset");
            assertThat((String) content.get("message")).startsWith("Showing the first 200 of 50,000 rows");
        }
    }

    @Test
    void pagingEndsHonestlyAtThePerResultCap() {
        CursorSettings capped = new CursorSettings(Duration.ofMinutes(10), 100_000, 64L << 20, 1L << 30);
        try (TestMallard server = TestMallard.builder().inMemory("work").cursors(capped).start()) {
            List<Map<String, Object>> pages = allPages(server.client(), "SELECT * FROM range(50000) t(i)", 2048);
            List<List<Object>> rows = rowsOf(pages);
            // Rows of "[n]\n" take 4 to 8 bytes: about 13,000 rows fit in 100,000 bytes after the first page.
            assertThat(rows.size()).isBetween(12_000, 30_000);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i)).containsExactly(i);
            }
            Map<String, Object> last = pages.getLast();
            assertThat(last).containsEntry("truncated", true).containsEntry("total_rows", 50_000)
                    .doesNotContainKey("next_cursor");
            assertThat((String) last.get("message")).contains("Paging ends here: the server keeps at most "
                    + "100,000 bytes of one result for paging, and the other " + String.format("%,d", 50_000 - rows.size())
                    + " rows were not kept. To see them, aggregate, filter");
        }
    }
}
