package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Access;
import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * MCP 2026-07-28 on the MCP endpoint: requests with per-request {@code _meta}, no session, built by
 * hand from the specification's schema, beside the 2025-11-25 sessions of the same server.
 */
class StatelessHttpTest {
    private static final String VERSION = "2026-07-28";

    @TempDir
    static Path directory;

    private static TestMallard server;
    private static String reader;
    private static String writer;

    @BeforeAll
    static void start() {
        server = TestMallard.builder()
                .database("sales", TestData.sales(directory))
                .confirmWrites()
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start();
        var users = server.mallard().users();
        users.add("bob", Optional.empty(), false);
        users.grant("bob", "*", Access.WRITE);
        ApiKeys keys = server.mallard().apiKeys();
        reader = keys.create("bob", Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
        writer = keys.create("bob", Set.of(Scope.READ, Scope.WRITE), Optional.empty(), Optional.empty()).secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void discoverDescribesTheServerWithoutASession() {
        HttpResponse<String> reply = send(writer, 1, "server/discover", Map.of(), Map.of());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Mcp-Session-Id")).isEmpty();
        JsonNode result = result(reply);
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(strings(result.get("supportedVersions"))).contains(VERSION, "2025-11-25");
        assertThat(result.get("capabilities").has("tools")).isTrue();
        assertThat(result.get("instructions").asString()).contains("sales");
        assertThat(result.get("ttlMs").asLong()).isPositive();
        assertThat(result.get("cacheScope").asString()).isEqualTo("private");
        assertThat(result.get("_meta").get("io.modelcontextprotocol/serverInfo").get("name").asString())
                .isEqualTo("mallard");
    }

    @Test
    void toolsListShowsWhatTheScopesAllowWithCachingHints() {
        JsonNode forReader = result(send(reader, 2, "tools/list", Map.of(), Map.of()));
        assertThat(forReader.get("resultType").asString()).isEqualTo("complete");
        assertThat(names(forReader)).contains("query").doesNotContain("query_rw", "confirm_mutation");
        assertThat(forReader.get("ttlMs").asLong()).isPositive();
        assertThat(forReader.get("cacheScope").asString()).isEqualTo("private");

        assertThat(names(result(send(writer, 3, "tools/list", Map.of(), Map.of())))).contains("query", "query_rw",
                "confirm_mutation");
    }

    @Test
    void aToolCallRunsTheToolAndTheAuditNamesTheClient() {
        HttpResponse<String> reply = call(writer, 4, "query", Map.of("sql", "SELECT 40 + 2 AS answer"), Map.of());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type")).as("a quick answer is plain JSON, no event stream")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode result = result(reply);
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.get("isError").asBoolean()).isFalse();
        assertThat(result.get("structuredContent").toString()).contains("42");

        server.mallard().audit().flush();
        List<AuditEntry> entries = server.mallard().store().audit().recent(new AuditQuery(null, "query", "bob", 20));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.sql()).contains("40 + 2");
            assertThat(entry.clientName()).isEqualTo("stateless-test");
            assertThat(entry.clientVersion()).isEqualTo("0.1");
            assertThat(entry.sessionId()).isNull();
        });
    }

    @Test
    void aToolNameOutsidePlainAsciiTravelsBase64Encoded() {
        Map<String, Object> params = params(Map.of("name", "query", "arguments", Map.of("sql", "SELECT 1")), Map.of());
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("query".getBytes(StandardCharsets.UTF_8)) + "?=";
        HttpResponse<String> reply = post(writer, RawMcpHttp.message(5, "tools/call", params),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", encoded));
        assertThat(result(reply).get("isError").asBoolean()).isFalse();
    }

    @Test
    void pingIsAnswered() {
        assertThat(result(send(writer, 6, "ping", Map.of(), Map.of())).get("resultType").asString()).isEqualTo("complete");
    }

    @Test
    void anUnsupportedVersionListsTheSupportedOnes() {
        Map<String, Object> params = Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2027-01-01",
                "io.modelcontextprotocol/clientCapabilities", Map.of()));
        HttpResponse<String> reply = post(writer, RawMcpHttp.message(7, "tools/list", params),
                Map.of("MCP-Protocol-Version", "2027-01-01", "Mcp-Method", "tools/list"));
        assertThat(reply.statusCode()).isEqualTo(400);
        JsonNode error = error(reply, 7, -32022);
        assertThat(strings(error.get("data").get("supported"))).contains(VERSION, "2025-11-25");
        assertThat(error.get("data").get("requested").asString()).isEqualTo("2027-01-01");
    }

    @Test
    void headersThatDisagreeWithTheBodyAreAHeaderMismatch() {
        Map<String, Object> params = params(Map.of("name", "query", "arguments", Map.of("sql", "SELECT 1")), Map.of());
        String body = RawMcpHttp.message(8, "tools/call", params);
        HttpResponse<String> wrongName = post(writer, body,
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", "query_rw"));
        assertThat(wrongName.statusCode()).isEqualTo(400);
        assertThat(error(wrongName, 8, -32020).get("message").asString()).contains("query_rw").contains("query");

        HttpResponse<String> noName = post(writer, body,
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call"));
        assertThat(error(noName, 8, -32020).get("message").asString()).contains("Mcp-Name");

        HttpResponse<String> wrongMethod = post(writer, body,
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/list", "Mcp-Name", "query"));
        assertThat(error(wrongMethod, 8, -32020).get("message").asString()).contains("Mcp-Method");

        HttpResponse<String> noVersion = post(writer, body, Map.of("Mcp-Method", "tools/call", "Mcp-Name", "query"));
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(error(noVersion, 8, -32020).get("message").asString()).contains("MCP-Protocol-Version");
    }

    @Test
    void aRequestWithoutTheRequiredMetaFieldsIsInvalidParams() {
        Map<String, Object> noCapabilities = Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", VERSION));
        HttpResponse<String> reply = post(writer, RawMcpHttp.message(9, "tools/list", noCapabilities),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/list"));
        assertThat(reply.statusCode()).isEqualTo(400);
        assertThat(error(reply, 9, -32602).get("message").asString()).contains("clientCapabilities");

        HttpResponse<String> noMeta = post(writer, RawMcpHttp.message(10, "tools/list", Map.of()),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/list"));
        assertThat(noMeta.statusCode()).isEqualTo(400);
        assertThat(error(noMeta, 10, -32602).get("message").asString()).contains("protocolVersion");
    }

    @Test
    void aMethodNotServedStatelesslyIsNotFound() {
        HttpResponse<String> reply = send(writer, 11, "resources/list", Map.of(), Map.of());
        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(error(reply, 11, -32601).get("message").asString()).contains("resources/list").contains("tools/call");
    }

    @Test
    void anUnknownToolIsInvalidParams() {
        assertThat(error(call(writer, 12, "no_such_tool", Map.of(), Map.of()), 12, -32602).get("message").asString())
                .contains("tools/list");
    }

    @Test
    void aToolOutsideTheScopesIsForbidden() {
        HttpResponse<String> reply = call(reader, 13, "query_rw", Map.of("sql", "CREATE TABLE t (i INTEGER)"), Map.of());
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("insufficient_scope"));
    }

    @Test
    void aRequestWithoutCredentialIsUnauthorized() {
        HttpResponse<String> reply = send(null, 14, "server/discover", Map.of(), Map.of());
        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Bearer "));
    }

    @Test
    void anApprovedChangeIsAppliedOnTheRepeatedCall() {
        Map<String, Object> arguments = Map.of("sql", "CREATE TABLE approved AS SELECT 7 AS n");
        Map<String, Object> elicitation = Map.of("elicitation", Map.of("form", Map.of()));
        JsonNode first = result(call(writer, 20, "query_rw", arguments, elicitation));
        assertThat(first.get("resultType").asString()).isEqualTo("input_required");
        JsonNode question = first.get("inputRequests").get("approve_change");
        assertThat(question.get("method").asString()).isEqualTo("elicitation/create");
        assertThat(question.get("params").get("mode").asString()).isEqualTo("form");
        assertThat(question.get("params").get("message").asString()).contains("CREATE TABLE approved");
        assertThat(question.get("params").get("requestedSchema").get("properties").has("approve")).isTrue();
        String state = first.get("requestState").asString();

        JsonNode again = result(call(writer, 21, "query_rw", arguments, elicitation, Map.of("requestState", state)));
        assertThat(again.get("resultType").asString()).as("no answer yet: asked again").isEqualTo("input_required");

        JsonNode done = result(call(writer, 22, "query_rw", arguments, elicitation, Map.of("requestState", state,
                "inputResponses", Map.of("approve_change", Map.of("action", "accept", "content", Map.of("approve", true))))));
        assertThat(done.get("resultType").asString()).isEqualTo("complete");
        assertThat(done.get("structuredContent").get("status").asString()).isEqualTo("applied");
        assertThat(result(call(writer, 23, "query", Map.of("sql", "SELECT n FROM approved"), Map.of()))
                .get("structuredContent").toString()).contains("7");

        JsonNode replayed = result(call(writer, 24, "query_rw", arguments, elicitation, Map.of("requestState", state,
                "inputResponses", Map.of("approve_change", Map.of("action", "accept", "content", Map.of("approve", true))))));
        assertThat(replayed.get("isError").asBoolean()).as("a change is applied once").isTrue();
        assertThat(replayed.get("content").get(0).get("text").asString()).contains("already applied");
    }

    @Test
    void aDeclinedChangeIsCancelled() {
        Map<String, Object> arguments = Map.of("sql", "CREATE TABLE declined AS SELECT 1 AS n");
        Map<String, Object> elicitation = Map.of("elicitation", Map.of());
        String state = result(call(writer, 30, "query_rw", arguments, elicitation)).get("requestState").asString();
        JsonNode done = result(call(writer, 31, "query_rw", arguments, elicitation, Map.of("requestState", state,
                "inputResponses", Map.of("approve_change", Map.of("action", "decline")))));
        assertThat(done.get("resultType").asString()).isEqualTo("complete");
        assertThat(done.get("structuredContent").get("status").asString()).isEqualTo("declined");
        assertThat(result(call(writer, 32, "query", Map.of("sql", "SELECT count(*) AS c FROM duckdb_tables() "
                + "WHERE table_name = 'declined'"), Map.of())).get("structuredContent").toString()).contains("0");
    }

    @Test
    void aRequestStateForOtherSqlOrAnotherToolIsRefused() {
        Map<String, Object> elicitation = Map.of("elicitation", Map.of());
        String state = result(call(writer, 40, "query_rw", Map.of("sql", "CREATE TABLE kept AS SELECT 1 AS n"),
                elicitation)).get("requestState").asString();
        JsonNode otherSql = result(call(writer, 41, "query_rw", Map.of("sql", "DROP TABLE orders"), elicitation,
                Map.of("requestState", state, "inputResponses",
                        Map.of("approve_change", Map.of("action", "accept", "content", Map.of("approve", true))))));
        assertThat(otherSql.get("isError").asBoolean()).isTrue();
        assertThat(otherSql.get("content").get(0).get("text").asString()).contains("other SQL");

        assertThat(error(call(writer, 42, "query", Map.of("sql", "SELECT 1"), elicitation,
                Map.of("requestState", state)), 42, -32602).get("message").asString()).contains("requestState");
        assertThat(error(call(writer, 43, "query_rw", Map.of("sql", "SELECT 1"), elicitation,
                Map.of("requestState", "not-ours!")), 43, -32602).get("message").asString()).contains("requestState");
    }

    @Test
    void aClientThatCannotBeAskedGetsThePreviewToConfirm() {
        JsonNode result = result(call(writer, 50, "query_rw", Map.of("sql", "CREATE TABLE later AS SELECT 1 AS n"),
                Map.of()));
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.get("structuredContent").get("status").asString()).isEqualTo("pending");
        assertThat(result.get("structuredContent").get("mutation_id").asString()).isNotBlank();
    }

    @Test
    void bothErasAreServedByOneServerAtOnce() {
        try (McpSyncClient session = server.client(writer)) {
            session.initialize();
            assertThat(session.listTools().tools()).extracting(McpSchema.Tool::name).contains("query_rw");
            HttpResponse<String> stateless = call(writer, 60, "query", Map.of("sql", "SELECT 'modern' AS era"), Map.of());
            assertThat(stateless.headers().firstValue("Mcp-Session-Id")).isEmpty();
            assertThat(result(stateless).get("structuredContent").toString()).contains("modern");
            McpSchema.CallToolResult legacy = session.callTool(McpSchema.CallToolRequest.builder("query")
                    .arguments(Map.of("sql", "SELECT 'legacy' AS era")).build());
            assertThat(legacy.isError()).isFalse();
            assertThat(legacy.structuredContent().toString()).contains("legacy");
            assertThat(legacy.meta()).as("session results keep the 2025 shape").isNull();
        }
    }

    @Test
    void closingTheStreamCancelsTheRequest() throws Exception {
        String sql = "SELECT count(*) FROM range(20000000000) t WHERE hash(t.range) % 1000003 = 70";
        byte[] body = RawMcpHttp.message(70, "tools/call", params(Map.of("name", "query", "arguments",
                Map.of("sql", sql)), Map.of())).getBytes(StandardCharsets.UTF_8);
        URI endpoint = server.mcpUri();
        String head = "POST " + endpoint.getPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":"
                + endpoint.getPort() + "\r\nAuthorization: Bearer " + writer + "\r\nAccept: application/json, "
                + "text/event-stream\r\nContent-Type: application/json\r\nMCP-Protocol-Version: " + VERSION
                + "\r\nMcp-Method: tools/call\r\nMcp-Name: query\r\nContent-Length: " + body.length + "\r\n\r\n";
        // A raw socket: the test decides when the client leaves, with nothing (no progress token) sent yet.
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder received = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith(": ")) {
                received.append(line).append('\n');
            }
            assertThat(line).as("a heartbeat comment after %s", received).isNotNull();
            assertThat(received.toString()).containsIgnoringCase("content-type: text/event-stream");
        }
        assertThat(server.awaitAuditedQuery("bob", sql)).as("the endless query ended within 10 s of the client leaving").hasValueSatisfying(entry ->
                assertThat(entry.error()).contains("cancelled"));
    }

    private static HttpResponse<String> call(String token, Object id, String tool, Map<String, Object> arguments,
            Map<String, Object> capabilities) {
        return call(token, id, tool, arguments, capabilities, Map.of());
    }

    private static HttpResponse<String> call(String token, Object id, String tool, Map<String, Object> arguments,
            Map<String, Object> capabilities, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("name", tool);
        body.put("arguments", arguments);
        return post(token, RawMcpHttp.message(id, "tools/call", params(body, capabilities)),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", "tools/call", "Mcp-Name", tool));
    }

    private static HttpResponse<String> send(String token, Object id, String method, Map<String, Object> params,
            Map<String, Object> capabilities) {
        return post(token, RawMcpHttp.message(id, method, params(params, capabilities)),
                Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method", method));
    }

    /** The params of a 2026-07-28 request: the method's own, and the per-request protocol fields in _meta. */
    private static Map<String, Object> params(Map<String, Object> params, Map<String, Object> capabilities) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
        meta.put("io.modelcontextprotocol/clientInfo", Map.of("name", "stateless-test", "version", "0.1"));
        meta.put("io.modelcontextprotocol/clientCapabilities", capabilities);
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("_meta", params.containsKey("_meta") ? params.get("_meta") : meta);
        return all;
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(token)) {
            return raw.post(body, headers);
        }
    }

    private static JsonNode result(HttpResponse<String> reply) {
        List<JsonNode> messages = RawMcpHttp.messages(reply);
        JsonNode last = messages.getLast();
        assertThat(last.has("result")).as(reply.statusCode() + " " + reply.body()).isTrue();
        return last.get("result");
    }

    private static JsonNode error(HttpResponse<String> reply, Object id, int code) {
        JsonNode body = RawMcpHttp.JSON.readTree(reply.body());
        assertThat(body.get("id").toString()).isEqualTo(String.valueOf(id));
        assertThat(body.get("error").get("code").asInt()).as(reply.body()).isEqualTo(code);
        return body.get("error");
    }

    private static List<String> names(JsonNode result) {
        return result.get("tools").valueStream().map(tool -> tool.get("name").asString()).toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }
}
