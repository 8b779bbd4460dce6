package dev.mallard.mcp;

import dev.mallard.MallardVersion;
import dev.mallard.tools.Tool;
import dev.mallard.tools.ToolInvoker;
import dev.mallard.tools.ToolRegistry;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the SDK's MCP server around Mallard's tool registry, table resources, prompts and
 * completions. The SDK handles the protocol (initialize, tools/list, tools/call, schema validation
 * with {@link ToolSchemaValidator}, logging, prompts, completion); Mallard's transports carry it and
 * answer resources/list (see {@link ResourceList}).
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
            ToolInvoker invoker, String instructions, RunningRequests running, JsonMapper json,
            CatalogFeatures catalog, ProtocolFixtures fixtures) {
        ToolRunner runner = new ToolRunner(invoker, running);
        List<McpServerFeatures.AsyncToolSpecification> tools = new ArrayList<>(registry.all().stream()
                .map(tool -> new ToolAdapter(tool, runner).specification())
                .toList());
        ServedFeatures served = ServedFeatures.of(catalog, fixtures);
        tools.addAll(served.fixtureTools());
        // Subscriptions only mean something for fixed resources; table resources change with DDL and grants.
        // Open sessions hear when the list changes because a source's tables appeared, changed or went.
        boolean subscribe = !fixtures.resources().isEmpty();
        return specification
                .serverInfo(serverInfo())
                .instructions(instructions)
                .jsonMapper(new JacksonMcpJsonMapper(json))
                .jsonSchemaValidator(new ToolSchemaValidator(json))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging()
                        .resources(subscribe, true).prompts(false).completions().build())
                .tools(tools)
                .resources(fixtures.resources())
                .resourceTemplates(served.templates())
                .prompts(served.prompts())
                .completions(served.completions())
                .addToolFilter((context, tool) -> Mono.just(fixtures.hasTool(tool.name()) || registry.find(tool.name())
                        .filter(found -> ToolRunner.listed(found, RequestKeys.principal(context)))
                        .isPresent()))
                .requestTimeout(Duration.ofMinutes(10))
                .build();
    }
}
