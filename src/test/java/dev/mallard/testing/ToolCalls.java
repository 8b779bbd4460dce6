package dev.mallard.testing;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short ways to call tools and read their results in tests. */
public final class ToolCalls {
    private ToolCalls() {}

    public static McpSchema.CallToolResult call(McpSyncClient client, String tool, Object... keyValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            arguments.put((String) keyValues[i], keyValues[i + 1]);
        }
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
    }

    public static McpSchema.CallToolResult query(McpSyncClient client, String sql) {
        return call(client, "query", "sql", sql);
    }

    /** The structured content of a successful result, failing the test with the error text otherwise. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> structured(McpSchema.CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())) {
            throw new AssertionError("Tool call failed: " + text(result));
        }
        return (Map<String, Object>) result.structuredContent();
    }

    @SuppressWarnings("unchecked")
    public static List<List<Object>> rows(McpSchema.CallToolResult result) {
        return (List<List<Object>>) structured(result).get("rows");
    }

    public static String text(McpSchema.CallToolResult result) {
        StringBuilder text = new StringBuilder();
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent textContent) {
                text.append(textContent.text());
            }
        }
        return text.toString();
    }

    /** The error text of a failed result, failing the test when the call succeeded. */
    public static String error(McpSchema.CallToolResult result) {
        if (!Boolean.TRUE.equals(result.isError())) {
            throw new AssertionError("Expected an error result but got: " + text(result));
        }
        return text(result);
    }
}
