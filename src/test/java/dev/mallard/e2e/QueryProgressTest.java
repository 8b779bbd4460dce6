package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Progress notifications for a query that runs a few seconds, sent only to callers that asked. */
class QueryProgressTest {
    /** About 4-5 s with 2 DuckDB threads on a 2-core machine; DuckDB can estimate its progress. */
    private static final String SLOW_QUERY = "SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(27000000) t(i)";
    private static final int SLOW_QUERY_RESULT = 27_000_000 * 32;
    /** Runs for minutes unless cancelled. */
    private static final String ENDLESS_QUERY = "SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(27000000000) t(i)";

    private static final List<McpSchema.ProgressNotification> notifications = new CopyOnWriteArrayList<>();
    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        server = TestMallard.builder().inMemory("work").start();
        client = server.client(spec -> spec.progressConsumer(notifications::add));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetEarlierNotifications() {
        notifications.clear();
    }

    private static McpSchema.CallToolResult slowQuery(Object progressToken) {
        McpSchema.CallToolRequest.Builder request = McpSchema.CallToolRequest.builder("query")
                .arguments(Map.of("sql", SLOW_QUERY));
        if (progressToken != null) {
            request.progressToken(progressToken);
        }
        return client.callTool(request.build());
    }

    @Test
    void longQueryReportsIncreasingProgressFromDuckDb() {
        long start = System.nanoTime();
        var result = slowQuery("p1");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(rows(result)).containsExactly(List.of(SLOW_QUERY_RESULT));
        assertThat(elapsed).as("the query must run long enough to be observed").isGreaterThan(Duration.ofSeconds(2));
        List<McpSchema.ProgressNotification> received = List.copyOf(notifications);
        assertThat(received).isNotEmpty().allSatisfy(notification -> {
            assertThat(notification.progressToken()).isEqualTo("p1");
            assertThat(notification.total()).isEqualTo(100.0);
            assertThat(notification.progress()).isBetween(0.0, 100.0);
            assertThat(notification.message()).startsWith("DuckDB: ").contains("% (").contains("rows processed");
        });
        assertThat(received).extracting(McpSchema.ProgressNotification::progress).isSorted().doesNotHaveDuplicates();
    }

    /**
     * Progress is written while the query runs, not held back until its answer: the query runs for
     * minutes unless stopped, and it is stopped only once a progress event has arrived.
     */
    @Test
    void progressReachesTheClientWhileTheQueryRuns() throws Exception {
        try (RawMcpHttp mcp = new RawMcpHttp(server.mcpUri()).open()) {
            HttpResponse<Stream<String>> answer = mcp.postStreaming(RawMcpHttp.message("live-1", "tools/call",
                    Map.of("name", "query", "arguments", Map.of("sql", ENDLESS_QUERY),
                            "_meta", Map.of("progressToken", "live")))).get(60, TimeUnit.SECONDS);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            Iterator<String> lines = answer.body().iterator();
            String firstEvent = "";
            while (lines.hasNext() && !firstEvent.startsWith("data:")) {
                firstEvent = lines.next();
            }
            assertThat(firstEvent).contains("notifications/progress").contains("\"live\"");

            mcp.notify("notifications/cancelled", Map.of("requestId", "live-1", "reason", "seen progress"));
            List<String> rest = new ArrayList<>();
            lines.forEachRemaining(rest::add);
            assertThat(rest).as("a cancelled request is not answered").noneMatch(line -> line.contains("\"result\""));
        }
    }

    @Test
    void progressTokenMayBeANumber() {
        var result = slowQuery(42);
        assertThat(result.isError()).isFalse();
        assertThat(notifications).isNotEmpty()
                .allSatisfy(n -> assertThat(((Number) n.progressToken()).intValue()).isEqualTo(42));
    }

    @Test
    void noProgressIsSentWithoutAToken() {
        var result = slowQuery(null);
        assertThat(rows(result)).containsExactly(List.of(SLOW_QUERY_RESULT));
        assertThat(notifications).isEmpty();
    }
}
