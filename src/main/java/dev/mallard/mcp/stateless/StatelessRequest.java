package dev.mallard.mcp.stateless;

import dev.mallard.auth.Principal;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One 2026-07-28 request, checked: everything a method needs is in it, nothing in a session.
 *
 * @param runningKey what the request runs under in {@link dev.mallard.mcp.RunningRequests}, unique to
 *     its HTTP exchange: without sessions, the JSON-RPC ids of different clients repeat
 * @param params the request's params, {@code _meta} included
 * @param client who the client says it is (untrusted; for the audit log), or null
 * @param notifications where request-scoped notifications (progress) go, before the result
 */
public record StatelessRequest(Object id, Object runningKey, String method, Map<String, Object> params,
        Principal principal, McpSchema.Implementation client, McpSchema.ClientCapabilities capabilities,
        Consumer<McpSchema.JSONRPCNotification> notifications) {

    public Map<String, Object> meta() {
        return params.get("_meta") instanceof Map<?, ?> meta ? StatelessProtocol.stringKeys(meta) : Map.of();
    }
}
