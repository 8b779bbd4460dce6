package dev.mallard.mcp;

import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.MallardProcess;
import dev.mallard.testing.TestData;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Mallard as a stdio MCP server, started as a separate process the way desktop clients start it. */
class StdioTransportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REPLY_WAIT = Duration.ofSeconds(60);
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw-stdio\","
            + "\"version\":\"1\"}}}";

    @TempDir
    Path dataDir;

    @Test
    void theSdkClientInitializesListsToolsAndQueries() {
        StdioClientTransport transport = new StdioClientTransport(
                MallardProcess.stdio("stdio", "--db", "demo=" + TestData.demo(), "--data-dir", dataDir.toString()),
                new JacksonMcpJsonMapper(JSON));
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(REPLY_WAIT)
                .initializationTimeout(REPLY_WAIT)
                .build();
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("mallard");

            List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(tools).contains("query", "list_databases", "list_tables", "list_columns", "describe_table",
                    "search_catalog").doesNotContain("query_rw");

            assertThat(rows(query(client, "SELECT count(*) AS n FROM customers WHERE 1 = 1")).getFirst().getFirst())
                    .isInstanceOf(Number.class);
            assertThat(rows(query(client, "SELECT 6 * 7 AS answer"))).containsExactly(List.of(42));
            assertThat(error(query(client, "DELETE FROM customers"))).contains("read-only");
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void aMalformedLineGetsAParseErrorAndTheSessionGoesOn() throws Exception {
        Path stderr = dataDir.resolve("stderr.log");
        Process process = startStdio(stderr);
        StdoutLines stdout = new StdoutLines(process);
        try (OutputStream stdin = process.getOutputStream()) {
            send(stdin, INITIALIZE);
            JsonNode initialized = stdout.await(message -> message.path("id").asInt(0) == 1);
            assertThat(initialized.path("result").path("serverInfo").path("name").asString()).isEqualTo("mallard");

            send(stdin, "{not json");
            JsonNode parseError = stdout.await(message -> message.path("error").path("code").asInt() == -32700);
            assertThat(parseError.has("id")).isTrue();
            assertThat(parseError.get("id").isNull()).isTrue();
            assertThat(parseError.path("error").path("message").asString()).contains("not valid JSON");

            send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(stdin, "[1, 2]");
            JsonNode batch = stdout.await(message -> message.path("error").path("code").asInt() == -32600);
            assertThat(batch.get("id").isNull()).isTrue();

            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":\"no-name\",\"method\":\"tools/call\",\"params\":{}}");
            JsonNode noName = stdout.await(message -> "no-name".equals(message.path("id").asString(null)));
            assertThat(noName.path("error").path("code").asInt()).isEqualTo(-32602);

            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no/such/method\",\"params\":{}}");
            JsonNode unknown = stdout.await(message -> message.path("id").asInt(0) == 3);
            assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32601);

            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"query\","
                    + "\"arguments\":{\"sql\":\"SELECT 42 AS answer\"}}}");
            JsonNode call = stdout.await(message -> message.path("id").asInt(0) == 2);
            assertThat(call.path("result").path("isError").asBoolean()).as(call.toString()).isFalse();
            assertThat(call.path("result").path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(42);
        }
        // Standard input is closed: the server finishes and exits cleanly.
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s; stderr:%n%s", read(stderr)).isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", read(stderr)).isZero();
        stdout.join();

        List<String> lines = stdout.lines();
        // One answer per request or malformed line, and nothing else.
        assertThat(lines).hasSize(6);
        for (String line : lines) {
            JsonNode message = JSON.readTree(line);
            assertThat(message.isObject()).as(line).isTrue();
            assertThat(message.path("jsonrpc").asString()).as(line).isEqualTo("2.0");
            assertThat(line).doesNotContain("Exception", "\\tat ", "java.", "dev.mallard", "tools.jackson");
        }
        // Logs went to standard error, not into the protocol.
        assertThat(read(stderr)).isNotBlank();
    }

    @Test
    void closingStandardInputDuringALongQueryEndsTheProcess() throws Exception {
        Path stderr = dataDir.resolve("stderr-long.log");
        Process process = startStdio(stderr, "--workers", "1");
        StdoutLines stdout = new StdoutLines(process);
        long closedAt;
        try (OutputStream stdin = process.getOutputStream()) {
            startLongQuery(stdin, stdout);
            Thread.sleep(1_000);
            closedAt = System.nanoTime();
        }
        boolean exited = process.waitFor(10, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        assertThat(exited).as("exited within 10 s of the end of input; stderr:%n%s", read(stderr)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(10));
        assertThat(process.exitValue()).as("stderr:%n%s", read(stderr)).isZero();
    }

    @Test
    void aCancelledNotificationStopsTheQueryAndItsAnswer() throws Exception {
        Path stderr = dataDir.resolve("stderr-cancel.log");
        // One worker: the next query can only run once the cancelled one has stopped.
        Process process = startStdio(stderr, "--workers", "1");
        StdoutLines stdout = new StdoutLines(process);
        try (OutputStream stdin = process.getOutputStream()) {
            startLongQuery(stdin, stdout);
            Thread.sleep(1_000);
            long cancelledAt = System.nanoTime();
            send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2,"
                    + "\"reason\":\"the user pressed stop\"}}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"query\","
                    + "\"arguments\":{\"sql\":\"SELECT 42 AS answer\"}}}");
            JsonNode next = stdout.await(message -> message.path("id").asInt(0) == 3);
            assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).as("stderr:%n%s", read(stderr))
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(next.path("result").path("structuredContent").path("rows").path(0).path(0).asInt()).isEqualTo(42);
        }
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stderr:%n%s", read(stderr)).isTrue();
        stdout.join();
        // MCP: the receiver of a cancellation does not answer the cancelled request.
        assertThat(stdout.lines()).noneMatch(line -> JSON.readTree(line).path("id").asInt(0) == 2);
    }

    @Test
    void aQueryRunsAsATaskPastTheNormalTimeLimit() throws Exception {
        Path stderr = dataDir.resolve("stderr.log");
        Process process = startStdio(stderr, "--query-timeout", "2s", "--task-timeout", "2m");
        StdoutLines stdout = new StdoutLines(process);
        try (OutputStream stdin = process.getOutputStream()) {
            send(stdin, INITIALIZE);
            JsonNode initialized = stdout.await(message -> message.path("id").asInt(0) == 1);
            assertThat(initialized.path("result").path("capabilities").path("tasks").path("requests").path("tools")
                    .path("call").isObject()).as(initialized.toString()).isTrue();
            send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode tools = stdout.await(message -> message.path("id").asInt(0) == 2).path("result").path("tools");
            Map<String, String> taskSupport = new java.util.TreeMap<>();
            tools.forEach(tool -> tool.path("execution").optional("taskSupport")
                    .ifPresent(support -> taskSupport.put(tool.path("name").asString(), support.asString())));
            assertThat(taskSupport).isEqualTo(Map.of("export_query", "optional", "query", "optional"));

            // About 4-5 s: past the 2 s limit of a normal call.
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"query\","
                    + "\"arguments\":{\"sql\":\"SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(27000000) t(i)\"},"
                    + "\"task\":{\"ttl\":600000}}}");
            JsonNode created = stdout.await(message -> message.path("id").asInt(0) == 3);
            String taskId = created.path("result").path("task").path("taskId").asString();
            assertThat(created.path("result").path("task").path("status").asString()).as(created.toString())
                    .isEqualTo("working");

            JsonNode status = stdout.await(message -> "notifications/tasks/status".equals(message.path("method")
                    .asString()) && taskId.equals(message.path("params").path("taskId").asString()));
            assertThat(status.path("params").path("status").asString()).as(read(stderr)).isEqualTo("completed");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tasks/result\",\"params\":{\"taskId\":\""
                    + taskId + "\"}}");
            JsonNode result = stdout.await(message -> message.path("id").asInt(0) == 4).path("result");
            assertThat(result.path("structuredContent").path("rows").path(0).path(0).asLong())
                    .as(result.toString()).isEqualTo(27_000_000L * 32);
            assertThat(result.path("_meta").path("io.modelcontextprotocol/related-task").path("taskId").asString())
                    .isEqualTo(taskId);

            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"query\","
                    + "\"arguments\":{\"sql\":\"SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 7\"},"
                    + "\"task\":{}}}");
            String endless = stdout.await(message -> message.path("id").asInt(0) == 5).path("result").path("task")
                    .path("taskId").asString();
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tasks/cancel\",\"params\":{\"taskId\":\""
                    + endless + "\"}}");
            assertThat(stdout.await(message -> message.path("id").asInt(0) == 6).path("result").path("status")
                    .asString()).isEqualTo("cancelled");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tasks/list\"}");
            JsonNode listed = stdout.await(message -> message.path("id").asInt(0) == 7).path("result").path("tasks");
            assertThat(listed.findValues("taskId")).extracting(JsonNode::asString).containsExactly(taskId, endless);
        }
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s; stderr:%n%s", read(stderr)).isTrue();
        stdout.join();
    }

    /** Mallard serving the demo over stdio, its log going to {@code stderr}. */
    private Process startStdio(Path stderr, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("stdio", "--db", "demo=" + TestData.demo(), "--data-dir",
                dataDir.resolve("data").toString()));
        args.addAll(List.of(options));
        return new ProcessBuilder(MallardProcess.command(args.toArray(String[]::new)))
                .redirectError(stderr.toFile())
                .start();
    }

    /** Opens the session and starts a query that runs for minutes, as request 2. */
    private static void startLongQuery(OutputStream stdin, StdoutLines stdout) throws IOException, InterruptedException {
        send(stdin, INITIALIZE);
        stdout.await(message -> message.path("id").asInt(0) == 1);
        send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"query\","
                + "\"arguments\":{\"sql\":\"SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 7\"}}}");
    }

    private static void send(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Reads the process's standard output line by line on its own thread. */
    private static final class StdoutLines {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        private final List<JsonNode> unclaimed = new ArrayList<>();
        private final Thread reader;

        StdoutLines(Process process) {
            reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                        fresh.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        /** The next message (in any order) that matches, waiting up to a minute for it. */
        JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
            for (JsonNode message : unclaimed) {
                if (wanted.test(message)) {
                    unclaimed.remove(message);
                    return message;
                }
            }
            long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = fresh.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                JsonNode message = JSON.readTree(line);
                if (wanted.test(message)) {
                    return message;
                }
                unclaimed.add(message);
            }
            throw new AssertionError("No matching message within " + REPLY_WAIT + "; stdout so far: " + lines);
        }

        void join() throws InterruptedException {
            reader.join(Duration.ofSeconds(10));
        }

        List<String> lines() {
            return List.copyOf(lines);
        }
    }
}
