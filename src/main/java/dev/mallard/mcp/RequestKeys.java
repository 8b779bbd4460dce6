package dev.mallard.mcp;

/** Keys Mallard's transports put into the SDK's per-request transport context. */
public final class RequestKeys {
    /** The JSON-RPC id of the request being handled, so a cancellation can find it. */
    public static final String REQUEST_ID = "mallard.requestId";
    /**
     * The {@link dev.mallard.auth.Principal} the request acts for, set by the transport once the
     * credential is checked. A request without it is refused: nothing defaults to full access.
     */
    public static final String PRINCIPAL = "mallard.principal";
    /** The {@link dev.mallard.mcp.tasks.TaskRun} of a tool call that runs as an MCP task; absent otherwise. */
    public static final String TASK = "mallard.task";

    /** The principal in a request's transport context, if the transport set one. */
    public static java.util.Optional<dev.mallard.auth.Principal> principal(
            io.modelcontextprotocol.common.McpTransportContext context) {
        return context != null && context.get(PRINCIPAL) instanceof dev.mallard.auth.Principal principal
                ? java.util.Optional.of(principal)
                : java.util.Optional.empty();
    }

    private RequestKeys() {}
}
