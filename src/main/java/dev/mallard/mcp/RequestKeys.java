package dev.mallard.mcp;

/** Keys Mallard's transports put into the SDK's per-request transport context. */
public final class RequestKeys {
    /** The JSON-RPC id of the request being handled, so a cancellation can find it. */
    public static final String REQUEST_ID = "mallard.requestId";

    private RequestKeys() {}
}
