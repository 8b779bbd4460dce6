package dev.mallard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP over Streamable HTTP by hand, for tests that need what the SDK client does not expose: raw
 * status codes, request ids of their choosing, and notifications such as cancellation.
 */
public final class RawMcpHttp implements AutoCloseable {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String session;
    private String bearerToken;

    public RawMcpHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Sends {@code Authorization: Bearer <token>} from now on (null: no credential). */
    public RawMcpHttp bearer(String token) {
        this.bearerToken = token;
        return this;
    }

    /** Uses an existing session id, e.g. another user's. */
    public RawMcpHttp session(String id) {
        this.session = id;
        return this;
    }

    /** Initializes a session (protocol 2025-11-25) and sends notifications/initialized. */
    public RawMcpHttp open() {
        HttpResponse<String> reply = post(message(1, "initialize", Map.of("protocolVersion", "2025-11-25",
                "capabilities", Map.of(), "clientInfo", Map.of("name", "raw-test", "version", "1"))));
        if (reply.statusCode() != 200) {
            throw new AssertionError("initialize failed: " + reply.statusCode() + " " + reply.body());
        }
        session = reply.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new AssertionError("initialize returned no Mcp-Session-Id"));
        HttpResponse<String> initialized = notify("notifications/initialized", Map.of());
        if (initialized.statusCode() != 202) {
            throw new AssertionError("notifications/initialized: " + initialized.statusCode());
        }
        return this;
    }

    public String session() {
        return session;
    }

    public HttpResponse<String> post(String body) {
        try {
            return http.send(request(body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** POSTs with extra headers (the Mcp-* headers of 2026-07-28, for instance). */
    public HttpResponse<String> post(String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(request(body), (name, value) -> true);
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Ends the session with DELETE. */
    public HttpResponse<String> delete() {
        try {
            return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30)).DELETE()
                    .header("Mcp-Session-Id", session).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(request(body), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs and hands back the answer's lines as they arrive, once its headers are in. */
    public CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> postStreaming(String body) {
        return http.sendAsync(request(body), HttpResponse.BodyHandlers.ofLines());
    }

    public HttpResponse<String> notify(String method, Map<String, Object> params) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("method", method);
        message.put("params", params);
        return post(JSON.writeValueAsString(message));
    }

    /** A tools/call request for the tool with the given id and arguments. */
    public static String toolCall(Object id, String tool, Map<String, Object> arguments) {
        return message(id, "tools/call", Map.of("name", tool, "arguments", arguments));
    }

    public static String message(Object id, String method, Map<String, Object> params) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        return JSON.writeValueAsString(message);
    }

    /**
     * The JSON-RPC messages of a POST's answer: the body itself when it is JSON, or the data lines
     * of its events when it is an event stream.
     */
    public static java.util.List<JsonNode> messages(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        java.util.List<JsonNode> messages = new java.util.ArrayList<>();
        if (type.startsWith("application/json")) {
            messages.add(JSON.readTree(response.body()));
        } else {
            for (String line : response.body().split("\n")) {
                if (line.startsWith("data:")) {
                    messages.add(JSON.readTree(line.substring("data:".length()).strip()));
                }
            }
        }
        return messages;
    }

    private HttpRequest request(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return request.build();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
