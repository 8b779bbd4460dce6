package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.QueryLimits;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestMallard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The case tasks exist for, at full scale: a query that needs more than a minute, on a server with
 * the default limits (a normal call stops after 55 s; web clients give up on a request after about
 * 60 s). Run as a task, no HTTP request lasts more than a moment: the call is answered at once with
 * a task, the client polls {@code tasks/get} at the interval the server suggests, and
 * {@code tasks/result} returns the rows once DuckDB is done, well over 60 s later.
 *
 * <p>The query's size is calibrated on this machine first, so it runs for about 70 s here and on a
 * slower or faster CI machine alike.
 */
class TaskPastTheClientWindowTest {
    private static final Duration CLIENT_WINDOW = Duration.ofSeconds(60);
    private static final Duration TARGET = Duration.ofSeconds(72);
    private static final long CALIBRATION_ROWS = 4_000_000;

    @Test
    void aQueryOfMoreThanAMinuteRunsAsATaskAndReturnsItsResult() throws Exception {
        QueryLimits defaults = QueryLimits.DEFAULTS;
        assertThat(defaults.timeout()).as("the normal time limit this test goes beyond").isLessThan(CLIENT_WINDOW);
        try (TestMallard server = TestMallard.builder().inMemory("work").limits(defaults).start();
                RawMcpHttp mcp = new RawMcpHttp(server.mcpUri()).open()) {
            long rows = calibratedRows(mcp);

            long started = System.nanoTime();
            JsonNode created = request(mcp, "start", "tools/call", Map.of("name", "query",
                    "arguments", Map.of("sql", slowQuery(rows)), "task", Map.of("ttl", 600_000)));
            Duration answeredIn = since(started);
            JsonNode task = created.path("result").path("task");
            assertThat(task.path("status").asString()).as(created.toString()).isEqualTo("working");
            assertThat(answeredIn).as("the tools/call is answered at once").isLessThan(Duration.ofSeconds(5));
            String taskId = task.path("taskId").asString();
            long pollMillis = Math.max(500, task.path("pollInterval").asLong(2000));

            Duration longestRequest = answeredIn;
            String status = "working";
            while (status.equals("working") && since(started).compareTo(Duration.ofMinutes(8)) < 0) {
                Thread.sleep(pollMillis);
                long polled = System.nanoTime();
                status = request(mcp, "get", "tasks/get", Map.of("taskId", taskId)).path("result").path("status")
                        .asString();
                longestRequest = max(longestRequest, since(polled));
            }
            Duration ran = since(started);
            assertThat(status).as("after %s", ran).isEqualTo("completed");
            assertThat(ran).as("the task ran past the client window").isGreaterThan(CLIENT_WINDOW);
            assertThat(longestRequest).as("no request came near the client window").isLessThan(Duration.ofSeconds(5));

            JsonNode result = request(mcp, "result", "tasks/result", Map.of("taskId", taskId)).path("result");
            assertThat(result.path("isError").asBoolean(false)).as(result.toString()).isFalse();
            assertThat(result.path("structuredContent").path("rows").path(0).path(0).asLong())
                    .as(result.toString()).isEqualTo(rows * 32);
            System.out.printf(Locale.ROOT,
                    "A task of %,d rows ran %d s (the normal limit is %d s); its longest request took %d ms%n",
                    rows, ran.toSeconds(), defaults.timeout().toSeconds(), longestRequest.toMillis());
        }
    }

    /** Rows for the slow query to take about {@link #TARGET} on this machine, from a timed smaller run. */
    private static long calibratedRows(RawMcpHttp mcp) {
        request(mcp, "warm", "tools/call", Map.of("name", "query", "arguments",
                Map.of("sql", slowQuery(CALIBRATION_ROWS / 4))));
        long started = System.nanoTime();
        JsonNode calibration = request(mcp, "calibrate", "tools/call", Map.of("name", "query", "arguments",
                Map.of("sql", slowQuery(CALIBRATION_ROWS))));
        Duration took = since(started);
        assertThat(calibration.path("result").path("isError").asBoolean(false)).as(calibration.toString()).isFalse();
        double scale = (double) TARGET.toNanos() / Math.max(took.toNanos(), 1);
        return (long) (CALIBRATION_ROWS * scale);
    }

    private static String slowQuery(long rows) {
        return "SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(" + rows + ") t(i)";
    }

    private static JsonNode request(RawMcpHttp mcp, Object id, String method, Map<String, Object> params) {
        HttpResponse<String> reply = mcp.post(RawMcpHttp.message(id, method, params));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return RawMcpHttp.messages(reply).getLast();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
