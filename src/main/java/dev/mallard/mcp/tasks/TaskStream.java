package dev.mallard.mcp.tasks;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Where the SDK session sends what it has to say about a task's request: the response completes the
 * task; notifications (progress) go wherever the session can carry them at the time, since no HTTP
 * request waits on a task.
 */
public final class TaskStream implements McpStreamableServerTransport {
    private final McpJsonMapper mapper;
    private final CompletableFuture<McpSchema.JSONRPCResponse> response;
    private final Consumer<McpSchema.JSONRPCNotification> notifications;

    public TaskStream(McpJsonMapper mapper, CompletableFuture<McpSchema.JSONRPCResponse> response,
            Consumer<McpSchema.JSONRPCNotification> notifications) {
        this.mapper = mapper;
        this.response = response;
        this.notifications = notifications;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return Mono.fromRunnable(() -> {
            // Mallard's tasks ask the client nothing (no input_required): no request comes this way.
            if (message instanceof McpSchema.JSONRPCResponse answer) {
                response.complete(answer);
            } else if (message instanceof McpSchema.JSONRPCNotification notification) {
                notifications.accept(notification);
            }
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
        // The response, if it never came, is reported by the task's subscription ending.
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }
}
