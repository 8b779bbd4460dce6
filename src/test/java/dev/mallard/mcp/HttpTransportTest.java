package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestData;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestMallard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Streamable HTTP endpoint as a raw HTTP client sees it: Origin and Host checks, content
 * negotiation, sessions, protocol versions, and JSON-RPC errors that never leak internals.
 */
class HttpTransportTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String APP_ORIGIN = "https://app.example.com";
    private static final String BOTH = "application/json, text/event-stream";
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "\\tat ", "java.", "tools.jackson",
            "io.modelcontextprotocol", "dev.mallard");

    private static TestMallard server;
    private static TestMallard withOrigins;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        server = TestMallard.demo();
        withOrigins = TestMallard.builder().database("demo", TestData.demo()).allowedOrigins(APP_ORIGIN).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
        if (withOrigins != null) {
            withOrigins.close();
        }
    }

    // --- Origin and Host ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://localhost.evil.example", "null", "http://127.0.0.2.nip.io"})
    void aForeignOriginIsRefusedWithoutASession(String origin) {
        int sessions = sessions(server);
        Reply reply = post(server, initialize("2025-11-25"), Map.of("Origin", origin));

        assertThat(reply.status()).isEqualTo(403);
        assertError(reply, null, JsonRpc.INVALID_REQUEST).contains("Origin").contains("--allowed-origins");
        assertThat(reply.header("Mcp-Session-Id")).isEmpty();
        assertThat(reply.header("Access-Control-Allow-Origin")).isEmpty();
        assertThat(sessions(server)).isEqualTo(sessions);
    }

    @Test
    void aForeignOriginCannotUseAnExistingSessionEither() {
        String session = openSession(server);
        Reply reply = post(server, RawMcpHttp.message(2, "tools/list", Map.of()), Map.of("Mcp-Session-Id", session,
                "Origin", "https://evil.example"));
        assertThat(reply.status()).isEqualTo(403);
        assertError(reply, null, JsonRpc.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:1234", "http://127.0.0.1:5173", "http://[::1]:8080", "http://localhost"})
    void aLoopbackOriginIsAllowedOnALoopbackServer(String origin) {
        Reply reply = post(server, initialize("2025-11-25"), Map.of("Origin", origin));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Mcp-Session-Id")).isPresent();
        assertThat(reply.json().path("result").path("serverInfo").path("name").asString()).isEqualTo("mallard");
    }

    @Test
    void anAllowedOriginGetsCorsHeaders() {
        Reply reply = post(withOrigins, initialize("2025-11-25"), Map.of("Origin", APP_ORIGIN));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
        assertThat(reply.header("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Origin"));
        assertThat(reply.header("Access-Control-Expose-Headers"))
                .hasValueSatisfying(v -> assertThat(v).contains("Mcp-Session-Id"));

        // Other foreign origins stay refused on that server.
        Reply evil = post(withOrigins, initialize("2025-11-25"), Map.of("Origin", "https://evil.example"));
        assertThat(evil.status()).isEqualTo(403);
        assertError(evil, null, JsonRpc.INVALID_REQUEST);
        // And the allowed origin is only allowed where it was configured.
        assertThat(post(server, initialize("2025-11-25"), Map.of("Origin", APP_ORIGIN)).status()).isEqualTo(403);
    }

    @Test
    void aPreflightForAnAllowedOriginIsAnswered() {
        Reply reply = send(withOrigins, HttpRequest.newBuilder(withOrigins.mcpUri())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", APP_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, mcp-session-id, mcp-protocol-version"));
        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.header("Access-Control-Allow-Origin")).contains(APP_ORIGIN);
        assertThat(reply.header("Access-Control-Allow-Methods"))
                .hasValueSatisfying(v -> assertThat(v).contains("POST", "GET", "DELETE"));
        assertThat(reply.header("Access-Control-Allow-Headers"))
                .hasValueSatisfying(v -> assertThat(v.toLowerCase(Locale.ROOT))
                        .contains("content-type", "mcp-session-id", "mcp-protocol-version"));
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void aPreflightFromAForeignOriginIsRefused() {
        Reply reply = send(withOrigins, HttpRequest.newBuilder(withOrigins.mcpUri())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Access-Control-Allow-Origin")).isEmpty();
        assertError(reply, null, JsonRpc.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:80", "localhost.evil.example", "127.0.0.1.nip.io"})
    void aForeignHostHeaderIsRefused(String host) {
        int sessions = sessions(server);
        Reply reply = raw(server, "POST", host, initialize("2025-11-25"));
        assertThat(reply.status()).isEqualTo(403);
        assertError(reply, null, JsonRpc.INVALID_REQUEST).contains("Host").contains("--allowed-hosts");
        assertThat(reply.header("Mcp-Session-Id")).isEmpty();
        assertThat(sessions(server)).isEqualTo(sessions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void aLoopbackHostHeaderIsAllowed(String name) {
        // The same raw request as above, so the refusal there is about the Host header and nothing else.
        Reply reply = raw(server, "POST", name + ":" + server.mcpUri().getPort(), initialize("2025-11-25"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Mcp-Session-Id")).isPresent();
    }

    // --- Malformed messages ----------------------------------------------------------------------

    @Test
    void malformedJsonIsAParseError() {
        Reply reply = post(server, "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, null, JsonRpc.PARSE_ERROR).contains("not valid JSON");
    }

    @Test
    void aBatchIsAnInvalidRequest() {
        Reply reply = post(server, "[" + initialize("2025-11-25") + ", " + initialize("2025-11-25") + "]", Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, null, JsonRpc.INVALID_REQUEST).contains("batch");
        assertThat(reply.header("Mcp-Session-Id")).isEmpty();
    }

    @Test
    void anotherJsonRpcVersionIsAnInvalidRequest() {
        Reply reply = post(server, initialize("2025-11-25").replace("\"2.0\"", "\"1.0\""), Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, 1, JsonRpc.INVALID_REQUEST).contains("jsonrpc");
        assertThat(reply.header("Mcp-Session-Id")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"initialize\"", "{}", "{\"jsonrpc\": \"2.0\", \"id\": {\"a\": 1}, \"method\": \"ping\"}",
            "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 7}", "{\"jsonrpc\": \"2.0\", \"id\": null, \"method\": \"ping\"}"})
    void otherMalformedMessagesAreInvalidRequests(String body) {
        Reply reply = post(server, body, Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
        assertClean(reply);
    }

    @Test
    void anInitializeWithoutClientInfoIsInvalidParams() {
        Reply reply = post(server, "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"initialize\", \"params\": "
                + "{\"protocolVersion\": \"2025-11-25\"}}", Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, 9, JsonRpc.INVALID_PARAMS).contains("clientInfo");
        assertThat(reply.header("Mcp-Session-Id")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/json", "text/event-stream"})
    void aPostMustAcceptJsonAndEventStreams(String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.mcpUri())
                .POST(HttpRequest.BodyPublishers.ofString(initialize("2025-11-25")))
                .header("Content-Type", "application/json");
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }
        Reply reply = send(server, request);
        assertThat(reply.status()).isEqualTo(406);
        assertError(reply, null, JsonRpc.INVALID_REQUEST).contains("Accept");
        assertThat(reply.header("Mcp-Session-Id")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aPostMustBeJson(String contentType) {
        Reply reply = send(server, HttpRequest.newBuilder(server.mcpUri())
                .POST(HttpRequest.BodyPublishers.ofString(initialize("2025-11-25")))
                .header("Content-Type", contentType)
                .header("Accept", BOTH));
        assertThat(reply.status()).isEqualTo(415);
        assertError(reply, null, JsonRpc.INVALID_REQUEST).contains("application/json");
    }

    @Test
    void aTooLargeMessageIsRefused() {
        String huge = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\", \"params\": {\"pad\": \""
                + "x".repeat(5 << 20) + "\"}}";
        // With Expect: 100-continue the client waits for the server's verdict before sending the body;
        // without it, the server may answer and close while the client is still sending.
        Reply reply = send(server, HttpRequest.newBuilder(server.mcpUri())
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString(huge))
                .header("Content-Type", "application/json")
                .header("Accept", BOTH));
        assertThat(reply.status()).isEqualTo(413);
        assertError(reply, null, JsonRpc.INVALID_REQUEST).contains("MiB");
    }

    // --- Sessions ---------------------------------------------------------------------------

    @Test
    void theInitializeResponseCarriesASessionId() {
        Reply reply = post(server, initialize("2025-11-25"), Map.of());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.header("Mcp-Session-Id")).hasValueSatisfying(id -> assertThat(id).isNotBlank()
                .matches("[\\x21-\\x7E]+"));
        assertThat(reply.json().path("id").asInt()).isEqualTo(1);
        assertThat(reply.json().path("result").path("capabilities").has("tools")).isTrue();
    }

    @Test
    void aRequestWithoutASessionIdAfterInitializeIsRefused() {
        openSession(server);
        Reply reply = post(server, RawMcpHttp.message(2, "tools/list", Map.of()), Map.of());
        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, 2, JsonRpc.INVALID_REQUEST).contains("Mcp-Session-Id");
    }

    @Test
    void anUnknownSessionIsNotFound() {
        Reply reply = post(server, RawMcpHttp.message(3, "tools/list", Map.of()), Map.of("Mcp-Session-Id", "no-such-session"));
        assertThat(reply.status()).isEqualTo(404);
        assertError(reply, 3, -32001).contains("Initialize a new session");
    }

    @Test
    void deleteEndsTheSession() {
        String session = openSession(server);
        assertThat(post(server, RawMcpHttp.message(2, "tools/list", Map.of()), Map.of("Mcp-Session-Id", session)).status())
                .isEqualTo(200);
        int sessions = sessions(server);

        Reply deleted = send(server, HttpRequest.newBuilder(server.mcpUri()).DELETE().header("Mcp-Session-Id", session));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(sessions(server)).isEqualTo(sessions - 1);

        Reply after = post(server, RawMcpHttp.message(3, "tools/list", Map.of()), Map.of("Mcp-Session-Id", session));
        assertThat(after.status()).isEqualTo(404);
        assertError(after, 3, -32001);
        Reply again = send(server, HttpRequest.newBuilder(server.mcpUri()).DELETE().header("Mcp-Session-Id", session));
        assertThat(again.status()).isEqualTo(404);
        assertError(again, null, -32001);
    }

    @Test
    void aDeleteWithoutASessionIdIsRefused() {
        Reply reply = send(server, HttpRequest.newBuilder(server.mcpUri()).DELETE());
        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, null, JsonRpc.INVALID_REQUEST);
    }

    @Test
    void anUnsupportedProtocolVersionHeaderIsRefused() {
        String session = openSession(server);
        Reply reply = post(server, RawMcpHttp.message(4, "tools/list", Map.of()), Map.of("Mcp-Session-Id", session,
                "MCP-Protocol-Version", "1999-01-01"));
        assertThat(reply.status()).isEqualTo(400);
        assertError(reply, 4, JsonRpc.INVALID_REQUEST).contains("1999-01-01").contains("2025-11-25");

        Reply supported = post(server, RawMcpHttp.message(5, "tools/list", Map.of()), Map.of("Mcp-Session-Id", session,
                "MCP-Protocol-Version", "2025-06-18"));
        assertThat(supported.status()).isEqualTo(200);
    }

    @Test
    void aNotificationIsAcceptedWithoutABody() {
        String session = openSession(server);
        Reply reply = post(server, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
                Map.of("Mcp-Session-Id", session));
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void aGetOpensAnEventStream() throws IOException {
        String session = openSession(server);
        HttpRequest request = HttpRequest.newBuilder(server.mcpUri()).GET()
                .header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session)
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/event-stream"));
            // The stream opens with an SSE comment line; read just that line, then hang up.
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = body.read(); b != -1 && b != '\n'; b = body.read()) {
                line.write(b);
            }
            assertThat(line.toString(StandardCharsets.UTF_8)).startsWith(":");
        }
    }

    @Test
    void aGetMustAcceptAnEventStreamAndNameASession() {
        Reply json = send(server, HttpRequest.newBuilder(server.mcpUri()).GET().header("Accept", "application/json"));
        assertThat(json.status()).isEqualTo(406);
        assertError(json, null, JsonRpc.INVALID_REQUEST);

        Reply noSession = send(server, HttpRequest.newBuilder(server.mcpUri()).GET().header("Accept", "text/event-stream"));
        assertThat(noSession.status()).isEqualTo(400);
        assertError(noSession, null, JsonRpc.INVALID_REQUEST).contains("Mcp-Session-Id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH"})
    void otherMethodsAreNotAllowed(String method) {
        Reply reply = send(server, HttpRequest.newBuilder(server.mcpUri())
                .method(method, HttpRequest.BodyPublishers.ofString(initialize("2025-11-25")))
                .header("Content-Type", "application/json")
                .header("Accept", BOTH));
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).hasValueSatisfying(v -> assertThat(v).contains("GET", "POST", "DELETE"));
        assertError(reply, null, JsonRpc.INVALID_REQUEST).contains(method);
    }

    // --- JSON-RPC errors inside a session ----------------------------------------------------

    @Test
    void aToolCallWithoutANameIsInvalidParams() {
        String session = openSession(server);
        Reply reply = post(server, RawMcpHttp.message("call-1", "tools/call", Map.of("arguments", Map.of("sql", "SELECT 1"))),
                Map.of("Mcp-Session-Id", session));
        assertError(reply, "call-1", JsonRpc.INVALID_PARAMS).contains("name");
    }

    @Test
    void aToolCallWithArgumentsThatAreNotAnObjectIsInvalidParams() {
        String session = openSession(server);
        Reply reply = post(server, RawMcpHttp.message(6, "tools/call", Map.of("name", "query", "arguments", List.of("SELECT 1"))),
                Map.of("Mcp-Session-Id", session));
        assertError(reply, 6, JsonRpc.INVALID_PARAMS).contains("arguments");
    }

    @Test
    void anUnknownMethodIsMethodNotFound() {
        String session = openSession(server);
        Reply reply = post(server, RawMcpHttp.message(7, "tools/destroy", Map.of()), Map.of("Mcp-Session-Id", session));
        assertError(reply, 7, JsonRpc.METHOD_NOT_FOUND);
    }

    @Test
    void anUnknownToolIsAnErrorWithoutInternals() {
        String session = openSession(server);
        Reply reply = post(server, RawMcpHttp.message(8, "tools/call", Map.of("name", "drop_everything", "arguments", Map.of())),
                Map.of("Mcp-Session-Id", session));
        assertThat(reply.status()).isEqualTo(200);
        assertClean(reply);
        JsonNode json = reply.json();
        assertThat(json.path("id").asInt()).isEqualTo(8);
        // Either a JSON-RPC error or an error result; both name the tool and nothing of the server's insides.
        assertThat(json.has("error") || json.path("result").path("isError").asBoolean()).as(reply.body()).isTrue();
    }

    @Test
    void aToolCallInASessionWorks() {
        String session = openSession(server);
        Reply reply = post(server, RawMcpHttp.message(10, "tools/call", Map.of("name", "query", "arguments",
                Map.of("sql", "SELECT 6 * 7 AS answer"))), Map.of("Mcp-Session-Id", session));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("result").path("structuredContent").path("rows").path(0).path(0).asInt())
                .isEqualTo(42);
    }

    // --- Protocol versions ------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"2025-11-25, 2025-11-25", "2025-06-18, 2025-06-18", "2025-03-26, 2025-03-26",
            "1999-01-01, 2025-11-25", "2099-12-31, 2025-11-25"})
    void initializeNegotiatesTheProtocolVersion(String asked, String answered) {
        Reply reply = post(server, initialize(asked), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("result").path("protocolVersion").asString()).isEqualTo(answered);
        assertThat(reply.header("Mcp-Session-Id")).isPresent();
    }

    // --- The rest of the site ---------------------------------------------------------------

    @Test
    void healthIsJson() {
        Reply reply = send(server, HttpRequest.newBuilder(server.baseUri().resolve("/health")).GET());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.json().path("status").asString()).isEqualTo("ok");
        assertThat(reply.json().path("sessions").isInt()).isTrue();
    }

    @Test
    void theHomePageShowsTheMcpUrl() {
        Reply reply = send(server, HttpRequest.newBuilder(server.baseUri().resolve("/")).GET());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(reply.body()).contains(server.mcpUri().toString()).contains("demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/mcp/extra", "/health/x", "/../etc/passwd", "/%2e%2e/etc/passwd"})
    void anUnknownPathIsAJson404(String path) {
        Reply reply = raw(server, "GET", "127.0.0.1:" + server.mcpUri().getPort(), path, null);
        assertThat(reply.status()).isIn(400, 404);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(reply.json().path("status").asInt()).isEqualTo(reply.status());
        assertClean(reply);
    }

    // --- Helpers ----------------------------------------------------------------------------

    record Reply(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** Checks a JSON-RPC error response: its id, code and a clean message, which it returns for more checks. */
    private static org.assertj.core.api.AbstractStringAssert<?> assertError(Reply reply, Object id, int code) {
        assertClean(reply);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode json = reply.json();
        assertThat(json.path("jsonrpc").asString()).isEqualTo("2.0");
        if (id == null) {
            assertThat(json.has("id")).as("has an id member: %s", reply.body()).isTrue();
            assertThat(json.get("id").isNull()).as("id is null: %s", reply.body()).isTrue();
        } else if (id instanceof Integer number) {
            assertThat(json.path("id").asInt()).isEqualTo(number);
        } else {
            assertThat(json.path("id").asString()).isEqualTo(id);
        }
        assertThat(json.has("result")).isFalse();
        assertThat(json.path("error").path("code").asInt()).as(reply.body()).isEqualTo(code);
        String message = json.path("error").path("message").asString();
        assertThat(message).isNotBlank();
        return assertThat(message);
    }

    private static void assertClean(Reply reply) {
        assertThat(reply.body()).doesNotContain(INTERNALS);
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {\"protocolVersion\": \""
                + version + "\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"raw-http-test\", \"version\": \"1\"}}}";
    }

    /** Initializes a session and sends the initialized notification; returns the session id. */
    static String openSession(TestMallard target) {
        Reply reply = post(target, initialize("2025-11-25"), Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String session = reply.header("Mcp-Session-Id").orElseThrow();
        Reply initialized = post(target, "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
                Map.of("Mcp-Session-Id", session));
        assertThat(initialized.status()).isEqualTo(202);
        return session;
    }

    private static int sessions(TestMallard target) {
        return send(target, HttpRequest.newBuilder(target.baseUri().resolve("/health")).GET()).json()
                .path("sessions").asInt();
    }

    static Reply post(TestMallard target, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.mcpUri())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", BOTH);
        headers.forEach(request::header);
        return send(target, request);
    }

    private static Reply send(TestMallard target, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), headers(response.headers()), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> headers(HttpHeaders headers) {
        Map<String, String> result = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> result.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return result;
    }

    private static Reply raw(TestMallard target, String method, String host, String body) {
        return raw(target, method, host, "/mcp", body);
    }

    /**
     * One HTTP/1.1 exchange over a plain socket, for headers java.net.http will not let a caller set
     * (Host) and paths it would normalise.
     */
    private static Reply raw(TestMallard target, String method, String host, String path, String body) {
        URI uri = target.mcpUri();
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Accept: ").append(BOTH).append("\r\n")
                .append("Connection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(content.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            return parseRaw(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply parseRaw(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete HTTP response: %s", text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, body);
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.UTF_8));
            at = lineEnd + 2 + size + 2;
        }
    }
}
