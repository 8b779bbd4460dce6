package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.EngineSettings;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Stopping queries: an MCP cancellation and the server's time limit both interrupt DuckDB. The
 * servers have a single worker, so a query that kept running would hold up the next one; a quick
 * answer to the next query proves DuckDB really stopped.
 */
class CancellationTest {
    /** Runs for minutes unless interrupted: DuckDB cannot skip the hashing. */
    private static final String LONG_QUERY = "SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 7";
    private static final EngineSettings ONE_WORKER = new EngineSettings(2, "1GB", "2GB", 1);

    private static TestMallard server;
    private static TestMallard timeLimited;

    @BeforeAll
    static void start() {
        server = TestMallard.builder().database("demo", TestData.demo()).engine(ONE_WORKER).start();
        timeLimited = TestMallard.builder().database("demo", TestData.demo()).engine(ONE_WORKER)
                .timeout(Duration.ofSeconds(2)).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (timeLimited != null) {
            timeLimited.close();
        }
    }

    @Test
    void aCancelledQueryStopsAndIsNotAnswered() throws Exception {
        try (RawMcpHttp mcp = new RawMcpHttp(server.mcpUri()).open()) {
            CompletableFuture<HttpResponse<String>> longCall = mcp.postAsync(
                    RawMcpHttp.toolCall("long-1", "query", Map.of("sql", LONG_QUERY)));
            Thread.sleep(1_000);
            assertThat(longCall).as("the long query is still running").isNotDone();

            long cancelledAt = System.nanoTime();
            HttpResponse<String> cancel = mcp.notify("notifications/cancelled",
                    Map.of("requestId", "long-1", "reason", "test"));
            assertThat(cancel.statusCode()).isEqualTo(202);
            assertThat(cancel.body()).isEmpty();

            HttpResponse<String> answer = longCall.get(5, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            List<JsonNode> messages = RawMcpHttp.messages(answer);
            assertThat(messages).noneMatch(message -> "long-1".equals(message.path("id").asString(null)));

            // One worker: this runs only if DuckDB let go of the long query.
            HttpResponse<String> next = mcp.post(RawMcpHttp.toolCall("next-1", "query", Map.of("sql", "SELECT 1 AS one")));
            assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isLessThan(Duration.ofSeconds(5));
            JsonNode result = RawMcpHttp.messages(next).getLast();
            assertThat(result.path("id").asString()).isEqualTo("next-1");
            assertThat(result.path("result").path("isError").asBoolean()).as(next.body()).isFalse();
            assertThat(result.path("result").path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(1);
        }
    }

    @Test
    void aCancelledQueryWaitingForTheWorkerIsDroppedToo() throws Exception {
        try (RawMcpHttp mcp = new RawMcpHttp(server.mcpUri()).open()) {
            CompletableFuture<HttpResponse<String>> running = mcp.postAsync(
                    RawMcpHttp.toolCall("running-1", "query", Map.of("sql", LONG_QUERY)));
            Thread.sleep(500);
            CompletableFuture<HttpResponse<String>> queued = mcp.postAsync(
                    RawMcpHttp.toolCall("queued-1", "query", Map.of("sql", LONG_QUERY + " AND t.range > 1")));
            Thread.sleep(500);

            assertThat(mcp.notify("notifications/cancelled", Map.of("requestId", "queued-1")).statusCode())
                    .isEqualTo(202);
            assertThat(mcp.notify("notifications/cancelled", Map.of("requestId", "running-1")).statusCode())
                    .isEqualTo(202);

            for (var call : List.of(running, queued)) {
                HttpResponse<String> answer = call.get(5, TimeUnit.SECONDS);
                assertThat(RawMcpHttp.messages(answer)).noneMatch(message -> message.has("result"));
            }
            JsonNode result = RawMcpHttp.messages(mcp.post(RawMcpHttp.toolCall(3, "query",
                    Map.of("sql", "SELECT 2 AS two")))).getLast();
            assertThat(result.path("result").path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(2);
        }
    }

    @Test
    void anotherSessionCannotCancelARequest() throws Exception {
        try (RawMcpHttp owner = new RawMcpHttp(server.mcpUri()).open();
                RawMcpHttp other = new RawMcpHttp(server.mcpUri()).open()) {
            CompletableFuture<HttpResponse<String>> longCall = owner.postAsync(
                    RawMcpHttp.toolCall("shared-1", "query", Map.of("sql", LONG_QUERY)));
            Thread.sleep(500);
            assertThat(other.notify("notifications/cancelled", Map.of("requestId", "shared-1")).statusCode())
                    .isEqualTo(202);
            Thread.sleep(1_000);
            assertThat(longCall).as("a cancellation from another session is ignored").isNotDone();

            assertThat(owner.notify("notifications/cancelled", Map.of("requestId", "shared-1")).statusCode())
                    .isEqualTo(202);
            HttpResponse<String> answer = longCall.get(5, TimeUnit.SECONDS);
            assertThat(RawMcpHttp.messages(answer)).noneMatch(message -> message.has("result"));
        }
    }

    @Test
    void deletingTheSessionStopsItsRunningQuery() throws Exception {
        try (RawMcpHttp owner = new RawMcpHttp(server.mcpUri()).open();
                RawMcpHttp next = new RawMcpHttp(server.mcpUri()).open()) {
            CompletableFuture<HttpResponse<String>> longCall = owner.postAsync(
                    RawMcpHttp.toolCall("orphan-1", "query", Map.of("sql", LONG_QUERY)));
            Thread.sleep(1_000);
            HttpResponse<String> deleted = owner.delete();
            assertThat(deleted.statusCode()).isEqualTo(200);

            long start = System.nanoTime();
            JsonNode result = RawMcpHttp.messages(next.post(RawMcpHttp.toolCall(1, "query",
                    Map.of("sql", "SELECT 4 AS four")))).getLast();
            assertThat(result.path("result").path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(4);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            longCall.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void cancellingAnUnknownRequestChangesNothing() {
        try (RawMcpHttp mcp = new RawMcpHttp(server.mcpUri()).open()) {
            assertThat(mcp.notify("notifications/cancelled", Map.of("requestId", "never-sent")).statusCode())
                    .isEqualTo(202);
            assertThat(mcp.notify("notifications/cancelled", Map.of()).statusCode()).isEqualTo(202);
            JsonNode result = RawMcpHttp.messages(mcp.post(RawMcpHttp.toolCall("never-sent", "query",
                    Map.of("sql", "SELECT 3 AS three")))).getLast();
            assertThat(result.path("id").asString()).isEqualTo("never-sent");
            assertThat(result.path("result").path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(3);
        }
    }

    @Test
    void aQueryOverTheTimeLimitStopsWithAMessageOnHowToNarrowIt() {
        McpSyncClient client = timeLimited.client();
        long start = System.nanoTime();
        String message = error(query(client, LONG_QUERY));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(4));
        assertThat(message).contains("2 s").contains("time limit").contains("WHERE").contains("LIMIT");

        long next = System.nanoTime();
        assertThat(rows(query(client, "SELECT 1 AS one"))).containsExactly(List.of(1));
        assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofSeconds(1));
    }
}
