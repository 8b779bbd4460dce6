package dev.mallard.bench;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * MCP sessions of the official Java SDK client over Streamable HTTP, each initialised, held open
 * until closed; and the {@link CallRunner} that makes a workload's {@code tools/call} through one.
 */
final class McpSessions implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final List<McpSyncClient> clients;

    private McpSessions(List<McpSyncClient> clients) {
        this.clients = clients;
    }

    /** Opens and initialises {@code count} sessions; an API key goes as {@code Authorization: Bearer}. */
    static McpSessions open(URI endpoint, String apiKey, int count) {
        List<McpSyncClient> clients = new ArrayList<>();
        McpSessions sessions = new McpSessions(clients);
        try {
            for (int i = 0; i < count; i++) {
                McpSyncClient client = client(endpoint, apiKey);
                clients.add(client);
                client.initialize();
            }
        } catch (RuntimeException e) {
            sessions.close();
            throw e;
        }
        return sessions;
    }

    private static McpSyncClient client(URI endpoint, String apiKey) {
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        if (apiKey != null) {
            requests.header("Authorization", "Bearer " + apiKey);
        }
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/mcp" : endpoint.getRawPath();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getRawAuthority())
                .endpoint(path)
                .requestBuilder(requests)
                // The JDK client's default executor hands every response from its selector thread to
                // a pool thread before the SDK's own hand-off to the common pool. The SDK's callbacks
                // do not block, so they can run where the response arrived: the load client then
                // takes ~0.24 instead of ~0.27-0.37 ms of CPU per light call, CPU the server it
                // measures shares.
                .customizeClient(client -> client.executor(Runnable::run))
                .build();
        return McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("mallard-bench", "1").build())
                .requestTimeout(REQUEST_TIMEOUT)
                .build();
    }

    int size() {
        return clients.size();
    }

    CallRunner runner(int session) {
        McpSyncClient client = clients.get(session);
        return call -> call(client, call);
    }

    private static Outcome call(McpSyncClient client, WorkloadCall call) {
        McpSchema.CallToolResult result;
        try {
            result = client.callTool(McpSchema.CallToolRequest.builder(call.entry().tool()).arguments(call.arguments()).build());
        } catch (RuntimeException e) {
            McpError protocolError = protocolError(e);
            return protocolError != null ? Outcome.failed(ErrorKind.JSON_RPC, protocolError.getMessage())
                    : Outcome.failed(ErrorKind.TRANSPORT, e.toString());
        }
        long chars = 0;
        String firstText = "";
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                chars += text.text().length();
                firstText = firstText.isEmpty() ? text.text() : firstText;
            }
        }
        if (Boolean.TRUE.equals(result.isError())) {
            return Outcome.failed(ErrorKind.TOOL_ERROR, firstText);
        }
        Object structured = result.structuredContent();
        String mismatch = call.expected().mismatch(structured);
        if (mismatch != null) {
            return Outcome.failed(ErrorKind.WRONG_ANSWER, mismatch);
        }
        String pointer = call.expected().sameAsPointer();
        return Outcome.answer(chars, pointer == null ? null : AnswerValues.at(structured, pointer));
    }

    private static McpError protocolError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof McpError error && error.getJsonRpcError() != null) {
                return error;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (McpSyncClient client : clients) {
            try {
                client.closeGracefully();
            } catch (RuntimeException e) {
                // the server may already be gone; nothing to release on our side
            }
        }
    }
}
