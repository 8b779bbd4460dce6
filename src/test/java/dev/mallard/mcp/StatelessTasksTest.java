package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.mcp.conformance.ConformanceFixtures;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The tasks extension ({@code io.modelcontextprotocol/tasks}) on 2026-07-28 requests, built by hand
 * from the extension's specification: Mallard's query as a task, and the conformance fixtures for
 * what Mallard's own tools never do (ask for input, fail at the protocol level).
 */
class StatelessTasksTest {
    private static final String VERSION = "2026-07-28";
    private static final String EXTENSION = "io.modelcontextprotocol/tasks";
    private static final Map<String, Object> TASKS = Map.of("extensions", Map.of(EXTENSION, Map.of()));
    private static final String ENDLESS_QUERY = "SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 7";

    @TempDir
    static Path directory;

    private static TestMallard server;
    private static String bob;
    private static String alice;
    private static String carol;

    @BeforeAll
    static void start() {
        server = TestMallard.builder()
                .database("sales", TestData.sales(directory))
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .fixtures(ConformanceFixtures.create())
                .start();
        bob = server.readerKey("bob", "*");
        alice = server.readerKey("alice", "*");
        carol = server.readerKey("carol", "*");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void discoverAdvertisesTheExtensionAndNoSessionEraTasksCapability() {
        JsonNode capabilities = result(send(bob, "server/discover", Map.of(), TASKS)).get("capabilities");
        assertThat(capabilities.get("extensions").has(EXTENSION)).isTrue();
        assertThat(capabilities.has("tasks")).isFalse();
    }

    @Test
    void toolsListNamesTheToolsThatMayRunAsTasks() {
        JsonNode tools = result(send(bob, "tools/list", Map.of(), TASKS)).get("tools");
        assertThat(taskSupport(tools, "query")).isEqualTo("optional");
        assertThat(taskSupport(tools, "list_tables")).isEmpty();
        assertThat(taskSupport(tools, "failing_job")).isEqualTo("required");
        assertThat(taskSupport(tools, "greet")).isEqualTo("forbidden");
    }

    @Test
    void aQuickQueryIsAnsweredDirectlyEvenWhenTheClientTakesTasks() {
        JsonNode result = result(call(bob, "query", Map.of("sql", "SELECT 40 + 2 AS answer"), TASKS));
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.has("taskId")).isFalse();
        assertThat(result.get("structuredContent").toString()).contains("42");
    }

    @Test
    void aLongQueryBecomesATaskThatCancelStops() throws Exception {
        JsonNode created = result(call(bob, "query", Map.of("sql", ENDLESS_QUERY), TASKS));
        assertThat(created.get("resultType").asString()).isEqualTo("task");
        String taskId = created.get("taskId").asString();
        assertThat(created.get("status").asString()).isEqualTo("working");
        assertThat(created.get("ttlMs").asLong()).isPositive();
        assertThat(created.get("pollIntervalMs").asLong()).isPositive();
        assertThat(created.has("ttl") || created.has("pollInterval") || created.has("task")).isFalse();
        assertThat(Instant.parse(created.get("createdAt").asString())).isBeforeOrEqualTo(Instant.now());

        JsonNode working = result(task(bob, "tasks/get", taskId, Map.of(), TASKS));
        assertThat(working.get("resultType").asString()).isEqualTo("complete");
        assertThat(working.get("status").asString()).isEqualTo("working");

        JsonNode ack = result(task(bob, "tasks/cancel", taskId, Map.of(), TASKS));
        assertThat(ack.get("resultType").asString()).isEqualTo("complete");
        assertThat(ack.has("taskId") || ack.has("status")).isFalse();
        assertThat(poll(taskId, "cancelled").get("status").asString()).isEqualTo("cancelled");
        assertThat(server.awaitAuditedQuery("bob", ENDLESS_QUERY)).as("the query ended within 10 s of tasks/cancel").hasValueSatisfying(entry ->
                assertThat(entry.error()).contains("cancelled"));
    }

    @Test
    void aTaskToolWithoutTheExtensionRunsAsAPlainCall() {
        JsonNode result = result(call(bob, "slow_compute", Map.of("seconds", 0, "label", "sync"), Map.of()));
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.has("taskId")).isFalse();
        assertThat(result.get("content").get(0).get("text").asString()).contains("sync");
    }

    @Test
    void aFinishedTaskInlinesItsResultWithoutTheSessionEraMeta() {
        String taskId = created(call(bob, "slow_compute", Map.of("seconds", 0.2, "label", "inline"), TASKS));
        JsonNode done = poll(taskId, "completed");
        assertThat(done.get("result").get("content").get(0).get("text").asString()).contains("inline");
        assertThat(done.get("result").has("_meta")).isFalse();
        assertThat(done.has("pollIntervalMs")).as("nothing left to poll for").isFalse();

        JsonNode again = result(task(bob, "tasks/cancel", taskId, Map.of(), TASKS));
        assertThat(again.get("resultType").asString()).as("cancelling an ended task is acknowledged").isEqualTo("complete");
        assertThat(result(task(bob, "tasks/get", taskId, Map.of(), TASKS)).get("status").asString()).isEqualTo("completed");
    }

    @Test
    void aToolErrorCompletesTheTaskAndAProtocolErrorFailsIt() {
        JsonNode toolError = poll(created(call(bob, "failing_job", Map.of(), TASKS)), "completed");
        assertThat(toolError.get("status").asString()).isEqualTo("completed");
        assertThat(toolError.get("result").get("isError").asBoolean()).isTrue();

        JsonNode failed = poll(created(call(bob, "protocol_error_job", Map.of(), TASKS)), "failed");
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").get("code").asInt()).isEqualTo(-32603);
        assertThat(failed.has("result")).isFalse();
    }

    @Test
    void aTaskWaitsForInputAndResumesOnceEveryRequestIsAnswered() {
        String taskId = created(call(bob, "multi_input", Map.of(), TASKS));
        JsonNode waiting = poll(taskId, "input_required");
        List<String> keys = waiting.get("inputRequests").propertyNames().stream().toList();
        assertThat(keys).hasSize(2);
        assertThat(waiting.get("inputRequests").get(keys.get(0)).get("method").asString()).isEqualTo("elicitation/create");

        JsonNode ack = result(task(bob, "tasks/update", taskId, Map.of("inputResponses", Map.of(keys.get(0),
                Map.of("action", "accept", "content", Map.of("name", "one")), "never-asked", Map.of())), TASKS));
        assertThat(ack.get("resultType").asString()).isEqualTo("complete");
        JsonNode partly = result(task(bob, "tasks/get", taskId, Map.of(), TASKS));
        assertThat(partly.get("status").asString()).isEqualTo("input_required");
        assertThat(partly.get("inputRequests").propertyNames()).containsExactly(keys.get(1));

        result(task(bob, "tasks/update", taskId, Map.of("inputResponses", Map.of(keys.get(1),
                Map.of("action", "accept", "content", Map.of("name", "two")))), TASKS));
        JsonNode done = poll(taskId, "completed");
        assertThat(done.get("result").get("content").get(0).get("text").asString()).contains("one", "two");
    }

    @Test
    void aRoundTripBeforeTheTaskCarriesItsAnswerIntoTheTask() {
        JsonNode first = result(call(bob, "test_tool_with_task", Map.of(), TASKS));
        assertThat(first.get("resultType").asString()).isEqualTo("input_required");
        assertThat(first.has("taskId")).isFalse();
        String key = first.get("inputRequests").propertyNames().iterator().next();

        JsonNode second = result(call(bob, "test_tool_with_task", Map.of(), TASKS, Map.of("inputResponses",
                Map.of(key, Map.of("action", "accept", "content", Map.of("name", "Alice"))))));
        assertThat(second.get("resultType").asString()).isEqualTo("task");
        assertThat(second.has("requestState") || second.has("inputRequests")).isFalse();
        assertThat(poll(second.get("taskId").asString(), "completed").get("result").toString()).contains("Hello, Alice!");
    }

    @Test
    void withoutTheExtensionTheTaskMethodsAndRequiredTaskToolsAskForIt() {
        for (String method : List.of("tasks/get", "tasks/update", "tasks/cancel")) {
            JsonNode error = error(task(bob, method, "any", Map.of("inputResponses", Map.of()), Map.of()), -32021);
            assertThat(error.get("data").get("requiredCapabilities").get("extensions").has(EXTENSION)).isTrue();
        }
        JsonNode error = error(call(bob, "failing_job", Map.of(), Map.of()), -32021);
        assertThat(error.get("message").asString()).contains("runs only as a task", EXTENSION);
    }

    @Test
    void anUnknownTaskAndAnotherUsersTaskAreInvalidParams() {
        assertThat(error(task(bob, "tasks/get", "no-such-task", Map.of(), TASKS), -32602).get("message").asString())
                .contains("not found");
        String bobs = created(call(bob, "slow_compute", Map.of("seconds", 5, "label", "bobs"), TASKS));
        error(task(alice, "tasks/get", bobs, Map.of(), TASKS), -32602);
        error(task(alice, "tasks/cancel", bobs, Map.of(), TASKS), -32602);
        assertThat(result(task(bob, "tasks/get", bobs, Map.of(), TASKS)).get("status").asString()).isEqualTo("working");
        result(task(bob, "tasks/cancel", bobs, Map.of(), TASKS));
    }

    @Test
    void atTheTaskLimitAQueryIsStillAnsweredAndATaskOnlyToolIsRefused() {
        for (int i = 0; i < 50; i++) {
            String taskId = created(call(carol, "slow_compute", Map.of("seconds", 0, "label", "filler"), TASKS));
            result(task(carol, "tasks/cancel", taskId, Map.of(), TASKS));
        }
        JsonNode query = result(call(carol, "query", Map.of("sql", "SELECT 42 AS answer"), TASKS));
        assertThat(query.get("resultType").asString()).isEqualTo("complete");
        assertThat(query.get("structuredContent").toString()).contains("42");
        assertThat(error(call(carol, "failing_job", Map.of(), TASKS), -32600).get("message").asString())
                .contains("50 tasks", "tasks/cancel");
    }

    @Test
    void theSessionEraTaskMethodsAreNotServedStatelessly() {
        error(send(bob, "tasks/list", Map.of(), TASKS), -32601);
        error(task(bob, "tasks/result", "any", Map.of(), TASKS), -32601);
    }

    @Test
    void anMcpNameThatIsNotTheTaskIdIsAHeaderMismatch() {
        String taskId = created(call(bob, "slow_compute", Map.of("seconds", 0, "label", "named"), TASKS));
        HttpResponse<String> reply = post(bob, RawMcpHttp.message(7, "tasks/get", params(Map.of("taskId", taskId),
                TASKS)), Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tasks/get", "Mcp-Name", "another"));
        assertThat(reply.statusCode()).isEqualTo(400);
        error(reply, -32020);
    }

    private static String taskSupport(JsonNode tools, String name) {
        return tools.valueStream().filter(tool -> tool.get("name").asString().equals(name)).findFirst().orElseThrow()
                .path("execution").path("taskSupport").asString("");
    }

    private static String created(HttpResponse<String> reply) {
        JsonNode result = result(reply);
        assertThat(result.get("resultType").asString()).as(reply.body()).isEqualTo("task");
        return result.get("taskId").asString();
    }

    /** Polls tasks/get until the task has the status or ended. */
    private static JsonNode poll(String taskId, String status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            JsonNode task = result(task(bob, "tasks/get", taskId, Map.of(), TASKS));
            String now = task.get("status").asString();
            if (now.equals(status) || List.of("completed", "failed", "cancelled").contains(now)
                    || Instant.now().isAfter(deadline)) {
                return task;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static HttpResponse<String> call(String token, String tool, Map<String, Object> arguments,
            Map<String, Object> capabilities) {
        return call(token, tool, arguments, capabilities, Map.of());
    }

    private static HttpResponse<String> call(String token, String tool, Map<String, Object> arguments,
            Map<String, Object> capabilities, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("name", tool);
        body.put("arguments", arguments);
        return post(token, RawMcpHttp.message(1, "tools/call", params(body, capabilities)),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", tool));
    }

    /** A tasks/* request, with Mcp-Name carrying the task id (tasks extension, "Routing Headers"). */
    private static HttpResponse<String> task(String token, String method, String taskId, Map<String, Object> more,
            Map<String, Object> capabilities) {
        Map<String, Object> body = new LinkedHashMap<>(more);
        body.put("taskId", taskId);
        return post(token, RawMcpHttp.message(2, method, params(body, capabilities)),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", method, "Mcp-Name", taskId));
    }

    private static HttpResponse<String> send(String token, String method, Map<String, Object> params,
            Map<String, Object> capabilities) {
        return post(token, RawMcpHttp.message(3, method, params(params, capabilities)),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", method));
    }

    private static Map<String, Object> params(Map<String, Object> params, Map<String, Object> capabilities) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("_meta", Map.of("io.modelcontextprotocol/protocolVersion", VERSION,
                "io.modelcontextprotocol/clientInfo", Map.of("name", "tasks-test", "version", "0.1"),
                "io.modelcontextprotocol/clientCapabilities", capabilities));
        return all;
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(token)) {
            return raw.post(body, headers);
        }
    }

    private static JsonNode result(HttpResponse<String> reply) {
        JsonNode last = RawMcpHttp.messages(reply).getLast();
        assertThat(last.has("result")).as(reply.statusCode() + " " + reply.body()).isTrue();
        return last.get("result");
    }

    private static JsonNode error(HttpResponse<String> reply, int code) {
        JsonNode body = RawMcpHttp.messages(reply).getLast();
        assertThat(body.path("error").path("code").asInt()).as(reply.body()).isEqualTo(code);
        return body.get("error");
    }
}
