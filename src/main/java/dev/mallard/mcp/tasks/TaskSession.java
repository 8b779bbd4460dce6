package dev.mallard.mcp.tasks;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.CompletableFuture;

/** What a transport offers the tasks of one MCP session: running a request, and a way to tell the client. */
public interface TaskSession {
    /**
     * Runs a request through the session, as if the client had sent it, in the background.
     *
     * @param context the request's transport context: the principal, the request id and the {@link TaskRun}
     * @return the request's response, when it comes
     */
    CompletableFuture<McpSchema.JSONRPCResponse> run(McpSchema.JSONRPCRequest request, McpTransportContext context);

    /** Sends a notification if the session has a way to carry it now; drops it otherwise. */
    void notify(String method, Object params);
}
