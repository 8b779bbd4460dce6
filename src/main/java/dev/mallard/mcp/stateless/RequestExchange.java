package dev.mallard.mcp.stateless;

import dev.mallard.mcp.RequestKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a handler written for the SDK's session era (an {@link McpAsyncServerExchange}) answer one
 * 2026-07-28 request. There is no session: progress goes to the request's own stream, log messages
 * only at or above the level the request named in {@code _meta} (none without it: basic/index,
 * "Logging"), and a request to the client fails, because 2026-07-28 servers ask with
 * {@code input_required} results instead (basic/patterns/mrtr).
 */
final class RequestExchange implements McpLoggableSession {
    static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";

    private final StatelessRequest request;
    private final McpSchema.LoggingLevel logLevel;

    private RequestExchange(StatelessRequest request) {
        this.request = request;
        this.logLevel = request.meta().get(LOG_LEVEL) instanceof String level ? level(level) : null;
    }

    /** The SDK exchange of a stateless request, acting for the principal the transport authenticated. */
    static McpAsyncServerExchange of(StatelessRequest request) {
        return new McpAsyncServerExchange(null, new RequestExchange(request), request.capabilities(),
                request.client(), McpTransportContext.create(Map.of(RequestKeys.PRINCIPAL, request.principal())));
    }

    /** Runs an SDK handler; an {@link McpError} becomes the JSON-RPC error it carries. */
    static <T> StatelessReply answer(Supplier<Mono<T>> handler, JsonMapper json) {
        try {
            T result = handler.get().block();
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.convertValue(result, Map.class);
            return new StatelessReply.Result(map);
        } catch (McpError e) {
            McpSchema.JSONRPCResponse.JSONRPCError error = e.getJsonRpcError();
            return new StatelessReply.Error(200, error.code(), error.message(), error.data());
        }
    }

    @Override
    public <T> Mono<T> sendRequest(String method, Object params, TypeRef<T> type) {
        return Mono.error(McpError.builder(StatelessProtocol.METHOD_NOT_FOUND).message("A " + StatelessProtocol.VERSION
                + " server cannot send " + method + " to the client; it asks with an input_required result.").build());
    }

    @Override
    public Mono<Void> sendNotification(String method, Object params) {
        return Mono.fromRunnable(() -> {
            if (McpSchema.METHOD_NOTIFICATION_MESSAGE.equals(method)
                    && !(params instanceof McpSchema.LoggingMessageNotification message
                            && isNotificationForLevelAllowed(message.level()))) {
                return;
            }
            request.notifications().accept(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method,
                    params));
        });
    }

    @Override
    public void setMinLoggingLevel(McpSchema.LoggingLevel level) {
        // The level travels in each request's _meta (logging/setLevel left the protocol in 2026-07-28).
    }

    @Override
    public boolean isNotificationForLevelAllowed(McpSchema.LoggingLevel level) {
        return logLevel != null && level.level() >= logLevel.level();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public void close() {
        // nothing held
    }

    private static McpSchema.LoggingLevel level(String name) {
        for (McpSchema.LoggingLevel level : McpSchema.LoggingLevel.values()) {
            if (level.name().equalsIgnoreCase(name)) {
                return level;
            }
        }
        return null;
    }
}
