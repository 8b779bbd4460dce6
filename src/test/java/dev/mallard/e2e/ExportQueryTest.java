package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.ExportSettings;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * export_query: DuckDB writes the whole result to a file, which the same principal downloads from
 * /exports/{id}; nothing else can use the directory DuckDB writes exports into.
 */
class ExportQueryTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ITEMS = "SELECT * FROM items ORDER BY id";

    @TempDir
    static Path directory;

    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        Path db = items("items.duckdb");
        // Writes on: reads run in READ ONLY transactions, and query_rw is there to be refused.
        server = TestMallard.builder().database("db", db).readWrite().start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A database with the table items: 1,000 rows of four types. */
    static Path items(String fileName) {
        return TestData.database(directory, fileName,
                "CREATE TABLE items (id INTEGER, name VARCHAR, price DECIMAL(10,2), day DATE)",
                "INSERT INTO items SELECT range, 'item ' || range, range / 4, DATE '2026-01-01' + range::INTEGER "
                        + "FROM range(1000)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "parquet", "json"})
    void eachFormatRoundTripsThroughTheDownload(String format) throws Exception {
        Instant before = Instant.now();
        Map<String, Object> export = structured(call(client, "export_query", "sql", ITEMS, "format", format));

        assertThat(export).containsEntry("format", format).containsEntry("rows", 1000).doesNotContainKey("path");
        assertThat(export.get("columns")).isEqualTo(List.of(
                Map.of("name", "id", "type", "INTEGER"), Map.of("name", "name", "type", "VARCHAR"),
                Map.of("name", "price", "type", "DECIMAL(10,2)"), Map.of("name", "day", "type", "DATE")));
        assertThat(Instant.parse((String) export.get("expires_at")))
                .isBetween(before.plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofHours(1)));

        Path file = directory.resolve("download." + format);
        HttpResponse<Path> download = HTTP.send(HttpRequest.newBuilder(URI.create((String) export.get("url"))).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith(Map.of("csv", "text/csv", "parquet", "application/vnd.apache.parquet",
                        "json", "application/x-ndjson").get(format)));
        assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(Files.size(file));
        assertThat(Files.size(file)).isEqualTo(((Number) export.get("bytes")).longValue());
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("attachment; filename=\"export-"));

        String reader = Map.of("csv", "read_csv", "parquet", "read_parquet", "json", "read_json").get(format);
        List<Object> summary = readBack("SELECT count(*), sum(id), max(name), round(sum(price::DOUBLE), 2), "
                + "min(day::DATE)::VARCHAR FROM " + reader + "('" + file + "')");
        // price = id / 4: quarters, exact in DECIMAL(10,2) and in binary floating point.
        assertThat(summary).containsExactly(1000L, 499_500L, "item 999", 124_875.0, "2026-01-01");
        if (format.equals("parquet")) {
            assertThat(readBackColumn("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + file + "'))"))
                    .containsExactly("INTEGER", "VARCHAR", "DECIMAL(10,2)", "DATE");
        }
        if (format.equals("json")) {
            assertThat(Files.readAllLines(file)).hasSize(1000).first().asString()
                    .isEqualTo("{\"id\":0,\"name\":\"item 0\",\"price\":0.0,\"day\":\"2026-01-01\"}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "parquet", "json"})
    void tenMillionRowsStreamToTheFileWithoutFillingTheHeap(String format) throws Exception {
        HeapWatch heap = HeapWatch.start();
        long start = System.nanoTime();
        Map<String, Object> export = structured(call(client, "export_query", "sql",
                "SELECT range AS n, range * 2 AS twice, 'row ' || range AS label FROM range(10000000)", "format", format));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long grew = heap.stop();
        System.out.printf("export_query of 10,000,000 rows as %s: %d ms, %,d bytes, heap grew by at most %,d bytes%n",
                format, took.toMillis(), ((Number) export.get("bytes")).longValue(), grew);

        assertThat(((Number) export.get("rows")).longValue()).isEqualTo(10_000_000L);
        assertThat(grew).as("heap growth during the export").isLessThan(100L << 20);
        if (format.equals("csv")) {
            // The download streams too: count the bytes without keeping them.
            HeapWatch downloadHeap = HeapWatch.start();
            HttpResponse<InputStream> download = HTTP.send(
                    HttpRequest.newBuilder(URI.create((String) export.get("url"))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long bytes;
            try (InputStream body = download.body()) {
                bytes = body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(bytes).isEqualTo(((Number) export.get("bytes")).longValue());
            assertThat(downloadHeap.stop()).as("heap growth during the download").isLessThan(100L << 20);
        }
    }

    @Test
    void theExportIsAuditedLikeAQuery() {
        Instant since = Instant.now().minusSeconds(1);
        structured(call(client, "export_query", "sql", "SELECT id FROM items WHERE id < 7", "format", "csv"));
        server.mallard().audit().flush();
        List<AuditEntry> entries = server.mallard().store().audit().recent(new AuditQuery(since, "export_query", null,
                10));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.sql()).isEqualTo("SELECT id FROM items WHERE id < 7");
            assertThat(entry.rowsReturned()).isEqualTo(7L);
            assertThat(entry.database()).isEqualTo("db");
            assertThat(entry.outcome()).isEqualTo("ok");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT count(*) AS n FROM items -- a trailing comment",
        "SELECT count(*) AS n FROM items;",
        "SELECT count(*) AS n FROM items ; -- two endings ;",
        "/* leading */ SELECT count(*) AS n FROM items /* trailing */",
        "SELECT count(*) AS n FROM items WHERE name <> ') TO ''/tmp/escape.csv'' (FORMAT csv); --'",
    })
    void awkwardButSingleQueriesExportExactlyTheirRows(String sql) {
        Map<String, Object> export = structured(call(client, "export_query", "sql", sql, "format", "csv"));
        assertThat(export).containsEntry("rows", 1);
        assertThat(export.get("columns")).isEqualTo(List.of(Map.of("name", "n", "type", "BIGINT")));
        assertThat(Path.of("/tmp/escape.csv")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1 AS a) TO '/tmp/mallard-escape.csv' (FORMAT csv); --",
        "SELECT 1 AS a) TO 'STAGING/escape.csv' (FORMAT csv) --",
        "SELECT 1 AS a; COPY (SELECT 2) TO 'STAGING/escape.csv'",
        "SELECT 1 AS a /* unterminated",
        "SELECT (1 AS a",
        "SELECT ')' AS a)",
    })
    void hostileSqlIsRefusedAndWritesNothing(String sql) throws IOException {
        String message = error(call(client, "export_query", "sql", sql.replace("STAGING", staging().toString()),
                "format", "csv"));
        assertThat(message).isNotBlank();
        assertThat(Path.of("/tmp/mallard-escape.csv")).doesNotExist();
        assertThat(staging().resolve("escape.csv")).doesNotExist();
        assertThat(listing(staging())).isEmpty();
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertThat(error(call(client, "export_query", "sql", ITEMS, "format", "xlsx"))).contains("format");
    }

    @Test
    void statementsOtherThanQueriesAreRefused() {
        assertThat(error(call(client, "export_query", "sql", "DELETE FROM items", "format", "csv")))
                .contains("only runs read-only queries");
        assertThat(error(call(client, "export_query", "sql", "COPY items TO '" + staging() + "/x.csv'", "format",
                "csv"))).contains("only runs read-only queries");
        assertThat(rows(query(client, "SELECT count(*) FROM items"))).containsExactly(List.of(1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "COPY (SELECT 1) TO 'STAGING/rw.csv'",
        "COPY items TO 'STAGING/rw.parquet' (FORMAT parquet)",
        "COPY (SELECT * FROM items) TO 'STAGING/rw' (FORMAT csv, PARTITION_BY (day))",
        "ATTACH 'STAGING/rw.duckdb' AS rw",
        "EXPORT DATABASE 'STAGING/rw'",
        "COPY FROM DATABASE db TO rw",
        "INSERT INTO items SELECT 1, 'x', 1, DATE '2026-01-01'; COPY (SELECT 1) TO 'STAGING/rw.csv'",
    })
    void queryRwCannotWriteFilesIntoTheStagingDirectory(String sql) throws IOException {
        String message = error(call(client, "query_rw", "sql", sql.replace("STAGING", staging().toString())));
        assertThat(message).contains("Nothing was changed");
        assertThat(listing(staging())).isEmpty();
        assertThat(rows(query(client, "SELECT count(*) FROM items"))).containsExactly(List.of(1000));
    }

    @Test
    void theQueryToolCannotCopyEither() throws IOException {
        assertThat(error(query(client, "COPY (SELECT 1) TO '" + staging() + "/q.csv'")))
                .contains("only runs read-only queries");
        assertThat(listing(staging())).isEmpty();
    }

    @Test
    void aTimedOutExportLeavesNoFile() throws IOException {
        try (TestMallard limited = TestMallard.builder().database("db", items("timeout.duckdb"))
                .timeout(Duration.ofSeconds(1)).start()) {
            String message = error(call(limited.client(), "export_query", "sql",
                    "SELECT range, repeat('x', 100) FROM range(10000000000)", "format", "csv"));
            assertThat(message).contains("Query stopped after 1 s");
            assertThat(listing(limited.dataDir().resolve("exports"))).isEmpty();
        }
    }

    @Test
    void aCancelledExportLeavesNoFile() throws Exception {
        try (RawMcpHttp mcp = new RawMcpHttp(server.mcpUri()).open()) {
            CompletableFuture<HttpResponse<String>> longCall = mcp.postAsync(RawMcpHttp.toolCall("export-1",
                    "export_query", Map.of("sql", "SELECT range, repeat('x', 100) FROM range(10000000000)",
                            "format", "csv")));
            awaitFileIn(staging());
            assertThat(mcp.notify("notifications/cancelled", Map.of("requestId", "export-1")).statusCode())
                    .isEqualTo(202);
            HttpResponse<String> answer = longCall.get(10, TimeUnit.SECONDS);
            assertThat(RawMcpHttp.messages(answer)).noneMatch(m -> "export-1".equals(m.path("id").asString(null)));
        }
        // The worker deletes the partial file once DuckDB has stopped writing it.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!listing(staging()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(listing(staging())).isEmpty();
    }

    @Test
    void aFullExportAreaRefusesNewExports() throws IOException {
        try (TestMallard small = TestMallard.builder().database("db", items("small.duckdb"))
                .exports(new ExportSettings(Duration.ofHours(1), 4_000)).start()) {
            McpSyncClient small1 = small.client();
            Map<String, Object> first = structured(call(small1, "export_query", "sql",
                    "SELECT id FROM items WHERE id < 100", "format", "csv"));
            assertThat(((Number) first.get("bytes")).longValue()).isLessThan(1_000);

            String tooBig = error(call(small1, "export_query", "sql", ITEMS, "format", "csv"));
            assertThat(tooBig).contains("left in this server's export area").contains("--export-max-bytes");

            // An export that would grow without end is stopped once it passes the room left, long before the time limit.
            long start = System.nanoTime();
            String endless = error(call(small1, "export_query", "sql", "SELECT * FROM range(10000000000)", "format",
                    "csv"));
            assertThat(endless).contains("The export grew past").contains("and was stopped");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(listing(staging(small))).isEmpty();

            // Files of another process sharing the data directory count too.
            Path files = small.dataDir().resolve("exports").resolve("files");
            Files.write(files.resolve(Instant.now().plusSeconds(3600).getEpochSecond() + "-other.csv"),
                    new byte[4_000]);
            String full = error(call(small1, "export_query", "sql", "SELECT 1 AS one", "format", "csv"));
            assertThat(full).contains("The export area is full").contains("Try again once earlier exports have expired");
            assertThat(listing(staging(small))).isEmpty();
        }
    }

    @Test
    void anExpiredExportIsGoneAndItsFileDeleted() throws Exception {
        try (TestMallard shortLived = TestMallard.builder().database("db", items("short.duckdb"))
                .exports(new ExportSettings(Duration.ofSeconds(1), ExportSettings.DEFAULT_MAX_BYTES)).start()) {
            Map<String, Object> export = structured(call(shortLived.client(), "export_query", "sql", ITEMS,
                    "format", "parquet"));
            URI url = URI.create((String) export.get("url"));
            assertThat(get(url, null).statusCode()).isEqualTo(200);
            Thread.sleep(1_200);
            HttpResponse<String> gone = get(url, null);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(RawMcpHttp.JSON.readTree(gone.body()).path("error").asString())
                    .contains("Run export_query again");
            assertThat(listing(shortLived.dataDir().resolve("exports").resolve("files"))).isEmpty();
        }
    }

    @Test
    void anUnknownIdIs404WithAJsonError() throws Exception {
        HttpResponse<String> reply = get(server.baseUri().resolve("/exports/not-an-export"), null);
        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        JsonNode body = RawMcpHttp.JSON.readTree(reply.body());
        assertThat(body.path("error").asString()).contains("No such export");
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        Map<String, Object> export = structured(call(client, "export_query", "sql", "SELECT 1 AS one", "format", "csv"));
        URI url = URI.create((String) export.get("url"));
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(url).HEAD().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(((Number) export.get("bytes")).longValue());
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(RawMcpHttp.JSON.readTree(post.body()).path("error").asString()).contains("GET");
        assertThat(get(url, null).body()).isEqualTo("one\n1\n");
    }

    static HttpResponse<String> get(URI url, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path staging() {
        return staging(server);
    }

    static Path staging(TestMallard mallard) {
        return mallard.dataDir().resolve("exports").resolve("staging")
                .resolve(Long.toString(ProcessHandle.current().pid()));
    }

    /** The files under a directory, at any depth (directories themselves are not listed). */
    static List<Path> listing(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static void awaitFileIn(Path directory) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (listing(directory).isEmpty()) {
            assertThat(System.nanoTime()).as("an export started writing").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<Object> readBack(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            List<Object> values = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = rs.getObject(i);
                values.add(value instanceof Number number && !(value instanceof Double)
                        ? (Object) number.longValue() : value);
            }
            return values;
        }
    }

    private static List<String> readBackColumn(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    /**
     * Samples the live heap while something runs (a collection before each sample, so garbage from
     * buffers that come and go does not count) and reports how far it rose above where it started:
     * a result held in memory would show here in full.
     */
    static final class HeapWatch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong peak = new AtomicLong();
        private final long baseline;
        private final Thread sampler;

        private HeapWatch(long baseline) {
            this.baseline = baseline;
            this.sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    System.gc();
                    peak.accumulateAndGet(used(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static HeapWatch start() {
            System.gc();
            return new HeapWatch(used());
        }

        long stop() throws InterruptedException {
            running.set(false);
            sampler.join();
            return Math.max(0, peak.get() - baseline);
        }

        private static long used() {
            Runtime runtime = Runtime.getRuntime();
            return runtime.totalMemory() - runtime.freeMemory();
        }
    }
}
