package dev.mallard.mcp;

import dev.mallard.auth.Principal;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code resources/list} for the transports. The SDK lists one fixed set of resources for
 * every client, while the tables a caller may see depend on its grants and change with DDL: so
 * Mallard answers this method itself, a page at a time (MCP pagination, opaque cursors).
 */
public final class ResourceList {
    static final int PAGE_SIZE = 100;

    private final CatalogFeatures catalog;
    private final List<McpSchema.Resource> fixed;

    /** @param fixed resources listed first, for everyone (a test profile's fixtures) */
    public ResourceList(CatalogFeatures catalog, List<McpSchema.Resource> fixed) {
        this.catalog = catalog;
        this.fixed = List.copyOf(fixed);
    }

    /** The answer to the request when it is a resources/list, else empty (the SDK handles it). */
    public Optional<McpSchema.JSONRPCResponse> answer(McpSchema.JSONRPCRequest request, Principal principal,
            String sessionId) {
        if (!McpSchema.METHOD_RESOURCES_LIST.equals(request.method())) {
            return Optional.empty();
        }
        String cursor = request.params() instanceof Map<?, ?> params && params.get("cursor") instanceof String c
                ? c : null;
        Optional<Integer> offset = cursor == null ? Optional.of(0) : offset(cursor);
        if (offset.isEmpty()) {
            return Optional.of(McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                    JsonRpc.INVALID_PARAMS, "Invalid cursor: pass the nextCursor of the previous resources/list "
                            + "answer, or no cursor for the first page.")));
        }
        List<McpSchema.Resource> all = new ArrayList<>(fixed);
        all.addAll(catalog.resources(principal, sessionId));
        int from = Math.min(offset.get(), all.size());
        int to = Math.min(from + PAGE_SIZE, all.size());
        String next = to < all.size() ? cursor(to) : null;
        return Optional.of(McpSchema.JSONRPCResponse.result(request.id(),
                McpSchema.ListResourcesResult.builder(all.subList(from, to)).nextCursor(next).build()));
    }

    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Integer> offset(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("offset:")) {
                int offset = Integer.parseInt(text.substring("offset:".length()));
                return offset >= 0 ? Optional.of(offset) : Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // not a cursor this server made
        }
        return Optional.empty();
    }
}
