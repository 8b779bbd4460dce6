package dev.mallard.mcp;

import dev.mallard.mcp.stateless.StatelessPrompt;
import dev.mallard.mcp.stateless.StatelessTool;
import dev.mallard.mcp.tasks.TaskTool;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * Protocol features served beside Mallard's own only under a test profile (the fixtures of the MCP
 * conformance suite): never part of the product. The stateless tools and prompts are served only to
 * 2026-07-28 requests.
 */
public record ProtocolFixtures(List<McpServerFeatures.AsyncToolSpecification> tools,
        List<McpServerFeatures.AsyncResourceSpecification> resources,
        List<McpServerFeatures.AsyncResourceTemplateSpecification> resourceTemplates,
        List<McpServerFeatures.AsyncPromptSpecification> prompts,
        List<McpServerFeatures.AsyncCompletionSpecification> completions, List<StatelessTool> statelessTools,
        List<StatelessPrompt> statelessPrompts, List<TaskTool> taskTools) {
    public static final ProtocolFixtures NONE = new ProtocolFixtures(List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of());

    public ProtocolFixtures {
        tools = List.copyOf(tools);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
        prompts = List.copyOf(prompts);
        completions = List.copyOf(completions);
        statelessTools = List.copyOf(statelessTools);
        statelessPrompts = List.copyOf(statelessPrompts);
        taskTools = List.copyOf(taskTools);
    }

    /** The fixed resources, as resources/list shows them. */
    public List<McpSchema.Resource> listedResources() {
        return resources.stream().map(McpServerFeatures.AsyncResourceSpecification::resource).toList();
    }

    boolean hasTool(String name) {
        return tools.stream().anyMatch(tool -> tool.tool().name().equals(name));
    }
}
