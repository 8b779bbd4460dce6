package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Progress notifications for a query that runs a few seconds, sent only to callers that asked. */
class QueryProgressTest {
    /** About 4-5 s with 2 DuckDB threads on a 2-core machine; DuckDB can estimate its progress. */
    private static final String SLOW_QUERY = "SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(27000000) t(i)";
    private static final int SLOW_QUERY_RESULT = 27_000_000 * 32;

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
