package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Access;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.config.QueryLimits;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestMallard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Queries run as MCP tasks (basic/utilities/tasks, 2025-11-25) over Streamable HTTP. The server's
 * normal time limit is 2 s and its limit for tasks 2 min, so a query of about 5 s fails as a normal
 * call and completes as a task, long after the POST that started it was answered.
 */
class TasksTest {
    /** About 4-5 s with 2 DuckDB threads on a 2-core machine; DuckDB can estimate its progress. */
    private static final String SLOW_QUERY = "SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(27000000) t(i)";
    private static final long SLOW_QUERY_RESULT = 27_000_000L * 32;
    /** Runs for minutes unless interrupted. */
    private static final String ENDLESS_QUERY = "SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 7";
    private static final Duration NORMAL_LIMIT = Duration.ofSeconds(2);

    private static TestMallard server;
    private static final Map<String, String> keys = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        server = TestMallard.builder()
                .inMemory("work")
                .limits(new QueryLimits(200, 2048, 50_000, NORMAL_LIMIT, Duration.ofMinutes(2)))
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start();
        ApiKeys apiKeys = server.mallard().apiKeys();
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            server.mallard().users().add(user, Optional.empty(), false);
            server.mallard().users().grant(user, "*", Access.READ);
            keys.put(user, apiKeys.create(user, Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawMcpHttp open(String user) {
        return new RawMcpHttp(server.mcpUri()).bearer(keys.get(user)).open();
    }

    private static JsonNode request(RawMcpHttp mcp, Object id, String method, Map<String, Object> params) {
        HttpResponse<String> reply = mcp.post(RawMcpHttp.message(id, method, params));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return RawMcpHttp.messages(reply).getLast();
    }

    private static JsonNode startTask(RawMcpHttp mcp, Object id, String sql, Map<String, Object> task) {
        JsonNode created = request(mcp, id, "tools/call", Map.of("name", "query", "arguments", Map.of("sql", sql),
                "task", task));
        assertThat(created.path("result").path("task").path("taskId").isString()).as(created.toString()).isTrue();
        return created.path("result").path("task");
    }

    private static JsonNode get(RawMcpHttp mcp, String taskId) {
        return request(mcp, "get-" + taskId, "tasks/get", Map.of("taskId", taskId));
    }

    private static JsonNode awaitStatus(RawMcpHttp mcp, String taskId, Predicate<String> status,
            List<String> messagesSeen) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            JsonNode task = get(mcp, taskId).path("result");
            messagesSeen.add(task.path("statusMessage").asString(""));
            if (status.test(task.path("status").asString())) {
                return task;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("task " + taskId + " did not reach the status in time");
    }

    @Test
    void initializeAdvertisesTasksAndQueryMayRunAsOne() {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(keys.get("alice"))) {
            HttpResponse<String> init = raw.post(RawMcpHttp.message(1, "initialize", Map.of("protocolVersion",
                    "2025-11-25", "capabilities", Map.of(), "clientInfo", Map.of("name", "t", "version", "1"))));
            JsonNode tasks = RawMcpHttp.messages(init).getFirst().path("result").path("capabilities").path("tasks");
            assertThat(tasks.path("list").isObject()).as(tasks.toString()).isTrue();
            assertThat(tasks.path("cancel").isObject()).isTrue();
            assertThat(tasks.path("requests").path("tools").path("call").isObject()).isTrue();
        }
        try (RawMcpHttp mcp = open("alice")) {
            JsonNode tools = request(mcp, 2, "tools/list", Map.of()).path("result").path("tools");
            Map<String, String> support = new LinkedHashMap<>();
            tools.forEach(tool -> support.put(tool.path("name").asString(),
                    tool.path("execution").path("taskSupport").asString("absent")));
            assertThat(support).containsEntry("query", "optional").containsEntry("export_query", "optional")
                    .containsEntry("list_tables", "absent");
        }
    }

    @Test
    void anOlderProtocolSessionSeesNoTasks() {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(keys.get("alice"))) {
            HttpResponse<String> init = raw.post(RawMcpHttp.message(1, "initialize", Map.of("protocolVersion",
                    "2025-06-18", "capabilities", Map.of(), "clientInfo", Map.of("name", "t", "version", "1"))));
            JsonNode result = RawMcpHttp.messages(init).getFirst().path("result");
            assertThat(result.path("protocolVersion").asString()).isEqualTo("2025-06-18");
            assertThat(result.path("capabilities").has("tasks")).isFalse();
            raw.session(init.headers().firstValue("Mcp-Session-Id").orElseThrow());
            JsonNode tools = request(raw, 2, "tools/list", Map.of()).path("result").path("tools");
            tools.forEach(tool -> assertThat(tool.has("execution")).isFalse());
            // A task field is ignored there: the call is answered with its result.
            JsonNode call = request(raw, 3, "tools/call", Map.of("name", "query", "arguments",
                    Map.of("sql", "SELECT 42 AS answer"), "task", Map.of("ttl", 60_000)));
            assertThat(call.path("result").path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(42);
        }
    }

    @Test
    void aQueryRunAsATaskOutlivesTheNormalTimeLimitAndReturnsItsResult() throws Exception {
        try (RawMcpHttp mcp = open("alice")) {
            JsonNode normal = request(mcp, 1, "tools/call", Map.of("name", "query", "arguments",
                    Map.of("sql", SLOW_QUERY)));
            assertThat(normal.path("result").path("isError").asBoolean()).as(normal.toString()).isTrue();
            assertThat(normal.path("result").path("content").path(0).path("text").asString())
                    .contains("Query stopped after 2 s");

            long start = System.nanoTime();
            JsonNode created = request(mcp, 2, "tools/call", Map.of("name", "query",
                    "arguments", Map.of("sql", SLOW_QUERY), "task", Map.of("ttl", 600_000)));
            Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answeredIn).as("CreateTaskResult comes at once").isLessThan(NORMAL_LIMIT);
            JsonNode task = created.path("result").path("task");
            String taskId = task.path("taskId").asString();
            assertThat(task.path("status").asString()).isEqualTo("working");
            assertThat(task.path("ttl").asLong()).isEqualTo(600_000);
            assertThat(task.path("pollInterval").asLong()).isPositive();
            assertThat(Instant.parse(task.path("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));
            assertThat(Instant.parse(task.path("lastUpdatedAt").asString())).isNotNull();
            assertThat(created.path("result").path("_meta")
                    .path("io.modelcontextprotocol/model-immediate-response").asString()).contains(taskId);

            List<String> messages = new ArrayList<>();
            JsonNode done = awaitStatus(mcp, taskId, status -> !status.equals("working"), messages);
            Duration ran = Duration.ofNanos(System.nanoTime() - start);
            assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
            assertThat(ran).as("the task ran past the normal limit").isGreaterThan(NORMAL_LIMIT);
            assertThat(messages).as("DuckDB's progress as the status message").anyMatch(m -> m.matches("\\d+% done"));
            assertThat(done.has("pollInterval")).isFalse();

            JsonNode result = request(mcp, 3, "tasks/result", Map.of("taskId", taskId)).path("result");
            assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.path("structuredContent").path("rows").path(0).path(0).asLong())
                    .isEqualTo(SLOW_QUERY_RESULT);
            assertThat(result.path("_meta").path("io.modelcontextprotocol/related-task").path("taskId").asString())
                    .isEqualTo(taskId);
        }
    }

    @Test
    void tasksResultWaitsForTheTaskToEnd() {
        try (RawMcpHttp mcp = open("alice")) {
            String taskId = startTask(mcp, 1, "SELECT 7 AS n FROM range(3) LIMIT 1", Map.of()).path("taskId").asString();
            JsonNode result = request(mcp, 2, "tasks/result", Map.of("taskId", taskId)).path("result");
            assertThat(result.path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(7);
            assertThat(get(mcp, taskId).path("result").path("status").asString()).isEqualTo("completed");
        }
    }

    @Test
    void cancellingATaskStopsItsQuery() throws Exception {
        try (RawMcpHttp mcp = open("alice")) {
            String taskId = startTask(mcp, 1, ENDLESS_QUERY, Map.of()).path("taskId").asString();
            Thread.sleep(500);
            assertThat(get(mcp, taskId).path("result").path("status").asString()).isEqualTo("working");

            JsonNode cancelled = request(mcp, 2, "tasks/cancel", Map.of("taskId", taskId));
            assertThat(cancelled.path("result").path("status").asString()).as(cancelled.toString()).isEqualTo("cancelled");

            long start = System.nanoTime();
            JsonNode result = request(mcp, 3, "tasks/result", Map.of("taskId", taskId)).path("result");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("DuckDB stopped").isLessThan(Duration.ofSeconds(10));
            assertThat(result.path("isError").asBoolean()).isTrue();
            assertThat(result.path("content").path(0).path("text").asString()).contains("cancelled");
            assertThat(get(mcp, taskId).path("result").path("status").asString()).isEqualTo("cancelled");

            JsonNode again = request(mcp, 4, "tasks/cancel", Map.of("taskId", taskId));
            assertThat(again.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(again.path("error").path("message").asString()).contains("already cancelled");
        }
    }

    @Test
    void aFailingQueryMakesAFailedTask() throws Exception {
        try (RawMcpHttp mcp = open("alice")) {
            String taskId = startTask(mcp, 1, "SELECT * FROM no_such_table", Map.of()).path("taskId").asString();
            JsonNode failed = awaitStatus(mcp, taskId, status -> !status.equals("working"), new ArrayList<>());
            assertThat(failed.path("status").asString()).isEqualTo("failed");
            assertThat(failed.path("statusMessage").asString()).contains("no_such_table");
            JsonNode result = request(mcp, 2, "tasks/result", Map.of("taskId", taskId)).path("result");
            assertThat(result.path("isError").asBoolean()).isTrue();

            JsonNode terminal = request(mcp, 3, "tasks/cancel", Map.of("taskId", taskId));
            assertThat(terminal.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(terminal.path("error").path("message").asString()).contains("already failed");
        }
    }

    @Test
    void anotherPrincipalsTaskDoesNotExistForThem() {
        String taskId;
        try (RawMcpHttp alice = open("alice")) {
            taskId = startTask(alice, 1, "SELECT 1", Map.of()).path("taskId").asString();
        }
        try (RawMcpHttp bob = open("bob")) {
            for (String method : List.of("tasks/get", "tasks/result", "tasks/cancel")) {
                JsonNode refused = request(bob, method, method, Map.of("taskId", taskId));
                assertThat(refused.path("error").path("code").asInt()).as(method).isEqualTo(-32602);
                assertThat(refused.path("error").path("message").asString()).contains("not found");
            }
            JsonNode listed = request(bob, "list", "tasks/list", Map.of()).path("result").path("tasks");
            listed.forEach(task -> assertThat(task.path("taskId").asString()).isNotEqualTo(taskId));
        }
        try (RawMcpHttp alice = open("alice")) {
            // A task belongs to its principal, not to the session that created it.
            assertThat(get(alice, taskId).path("result").path("taskId").asString()).isEqualTo(taskId);
        }
    }

    @Test
    void unknownTasksAndBadParamsAreInvalidParams() {
        try (RawMcpHttp mcp = open("alice")) {
            JsonNode unknown = request(mcp, 1, "tasks/get", Map.of("taskId", "no-such-task"));
            assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32602);
            JsonNode missing = request(mcp, 2, "tasks/result", Map.of());
            assertThat(missing.path("error").path("message").asString()).contains("needs \"taskId\"");
            JsonNode badTtl = request(mcp, 3, "tools/call", Map.of("name", "query",
                    "arguments", Map.of("sql", "SELECT 1"), "task", Map.of("ttl", "soon")));
            assertThat(badTtl.path("error").path("code").asInt()).isEqualTo(-32602);
            JsonNode badCursor = request(mcp, 4, "tasks/list", Map.of("cursor", "not-a-cursor"));
            assertThat(badCursor.path("error").path("code").asInt()).isEqualTo(-32602);
        }
    }

    @Test
    void aToolThatDoesNotRunAsATaskIsRefusedWithMethodNotFound() {
        try (RawMcpHttp mcp = open("alice")) {
            JsonNode refused = request(mcp, 1, "tools/call", Map.of("name", "list_tables", "arguments", Map.of(),
                    "task", Map.of()));
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32601);
            assertThat(refused.path("error").path("message").asString()).contains("Call it without \"task\"");
        }
    }

    @Test
    void tasksListShowsTheCallersTasksPageByPage() {
        List<String> created = new ArrayList<>();
        try (RawMcpHttp carol = open("carol")) {
            for (int i = 0; i < 22; i++) {
                created.add(startTask(carol, i, "SELECT " + i, Map.of()).path("taskId").asString());
            }
            JsonNode first = request(carol, "p1", "tasks/list", Map.of()).path("result");
            assertThat(first.path("tasks")).hasSize(20);
            String cursor = first.path("nextCursor").asString();
            JsonNode second = request(carol, "p2", "tasks/list", Map.of("cursor", cursor)).path("result");
            assertThat(second.has("nextCursor")).isFalse();
            List<String> listed = new ArrayList<>();
            first.path("tasks").forEach(task -> listed.add(task.path("taskId").asString()));
            second.path("tasks").forEach(task -> listed.add(task.path("taskId").asString()));
            assertThat(listed).containsExactlyElementsOf(created);
        }
    }

    @Test
    void aPrincipalMayKeepABoundedNumberOfTasks() {
        try (RawMcpHttp dave = open("dave")) {
            for (int i = 0; i < 50; i++) {
                startTask(dave, i, "SELECT 1", Map.of());
            }
            JsonNode refused = request(dave, 50, "tools/call", Map.of("name", "query",
                    "arguments", Map.of("sql", "SELECT 1"), "task", Map.of()));
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(refused.path("error").path("message").asString()).contains("50 tasks")
                    .contains("without \"task\"");
        }
    }

    @Test
    void aFinishedTaskIsGoneOnceItsTtlHasPassed() throws Exception {
        try (RawMcpHttp mcp = open("bob")) {
            JsonNode task = startTask(mcp, 1, "SELECT 1", Map.of("ttl", 1_000));
            String taskId = task.path("taskId").asString();
            assertThat(task.path("ttl").asLong()).isEqualTo(1_000);
            awaitStatus(mcp, taskId, status -> status.equals("completed"), new ArrayList<>());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(),
                    Instant.parse(task.path("createdAt").asString()).plusMillis(1_100)).toMillis()));
            JsonNode expired = get(mcp, taskId);
            assertThat(expired.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(expired.path("error").path("message").asString()).contains("expired");
        }
    }
}
