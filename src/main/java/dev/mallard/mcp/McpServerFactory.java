package dev.mallard.mcp;

import dev.mallard.MallardVersion;
import dev.mallard.tools.Tool;
import dev.mallard.tools.ToolInvoker;
import dev.mallard.tools.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Builds the SDK's MCP server around Mallard's tool registry. The SDK handles the protocol
 * (initialize, tools/list, tools/call, input validation, logging); Mallard's transports carry it.
 */
public final class McpServerFactory {
    private McpServerFactory() {}

    public static McpSchema.Implementation serverInfo() {
        return McpSchema.Implementation.builder("mallard", MallardVersion.get())
                .title("Mallard")
                .description("Safe, fast, governed access to DuckDB data")
                .build();
    }

    public static McpAsyncServer create(McpServer.AsyncSpecification<?> specification, ToolRegistry registry,
            ToolInvoker invoker, String instructions, RunningRequests running, McpJsonMapper mapper) {
        ToolRunner runner = new ToolRunner(invoker, running);
        List<McpServerFeatures.AsyncToolSpecification> tools = registry.all().stream()
                .map(tool -> new ToolAdapter(tool, runner).specification())
                .toList();
        return specification
                .serverInfo(serverInfo())
                .instructions(instructions)
                .jsonMapper(mapper)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
                .tools(tools)
                .addToolFilter((context, tool) -> Mono.just(registry.find(tool.name())
                        .filter(found -> ToolRunner.listed(found, RequestKeys.principal(context)))
                        .isPresent()))
                .requestTimeout(Duration.ofMinutes(10))
                .build();
    }
}
