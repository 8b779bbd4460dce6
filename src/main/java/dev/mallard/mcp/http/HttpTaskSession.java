package dev.mallard.mcp.http;

import dev.mallard.mcp.tasks.TaskSession;
import dev.mallard.mcp.tasks.TaskStream;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks of one Streamable HTTP session: the call runs through the SDK session on a stream of its
 * own, since no POST waits on it; notifications go out on the session's GET stream when the client
 * keeps one open (the only stream a server may send on unasked), and are dropped otherwise.
 */
final class HttpTaskSession implements TaskSession {
    private static final Logger log = LoggerFactory.getLogger(HttpTaskSession.class);

    private final McpStreamableServerSession session;
    private final McpJsonMapper mapper;

    HttpTaskSession(McpStreamableServerSession session, McpJsonMapper mapper) {
        this.session = session;
        this.mapper = mapper;
    }

    @Override
    public CompletableFuture<McpSchema.JSONRPCResponse> run(McpSchema.JSONRPCRequest request,
            McpTransportContext context) {
        CompletableFuture<McpSchema.JSONRPCResponse> response = new CompletableFuture<>();
        TaskStream stream = new TaskStream(mapper, response, n -> notify(n.method(), n.params()));
        Thread.ofVirtual().name("mcp-task").start(() -> session.responseStream(stream).handle(request)
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                .subscribe(null, response::completeExceptionally,
                        () -> response.completeExceptionally(new IllegalStateException("no response"))));
        return response;
    }

    @Override
    public void notify(String method, Object params) {
        session.sendNotification(method, params)
                .subscribe(null, e -> log.debug("{} not delivered to session {}: {}", method, session.getId(),
                        e.getMessage()));
    }
}
