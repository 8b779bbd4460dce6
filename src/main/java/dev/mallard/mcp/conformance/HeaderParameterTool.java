package dev.mallard.mcp.conformance;

import dev.mallard.mcp.stateless.StatelessReply;
import dev.mallard.mcp.stateless.StatelessTool;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tool of the suite's http-custom-header-server-validation scenario: its {@code region} argument
 * travels in an {@code Mcp-Param-Region} header too (x-mcp-header), which the server checks against
 * the body before the call runs.
 */
final class HeaderParameterTool {
    private HeaderParameterTool() {}

    static StatelessTool create() {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("region", Map.of("type", "string",
                "description", "Where to run", "x-mcp-header", "Region")), "required", List.of("region"));
        return new StatelessTool(McpSchema.Tool.builder("test_header_parameter", schema)
                .description("Echoes its region, which clients mirror into the Mcp-Param-Region header").build(),
                Set.of(), request -> new StatelessReply.Result(Map.of("content", List.of(Map.of("type", "text",
                        "text", "Region: " + (request.params().get("arguments") instanceof Map<?, ?> arguments
                                ? arguments.get("region") : null))), "isError", false)));
    }
}
