package dev.mallard.mcp;

import io.modelcontextprotocol.server.McpServerFeatures;
import java.util.ArrayList;
import java.util.List;

/**
 * The resources, resource templates, prompts and completions Mallard serves (its own and a test
 * profile's fixtures), and the fixtures' tools: one list for both eras, the SDK's sessions and the
 * stateless 2026-07-28 dispatcher.
 */
public record ServedFeatures(List<McpServerFeatures.AsyncToolSpecification> fixtureTools,
        List<McpServerFeatures.AsyncResourceSpecification> resources,
        List<McpServerFeatures.AsyncResourceTemplateSpecification> templates,
        List<McpServerFeatures.AsyncPromptSpecification> prompts,
        List<McpServerFeatures.AsyncCompletionSpecification> completions) {
    public ServedFeatures {
        fixtureTools = List.copyOf(fixtureTools);
        resources = List.copyOf(resources);
        templates = List.copyOf(templates);
        prompts = List.copyOf(prompts);
        completions = List.copyOf(completions);
    }

    public static ServedFeatures of(CatalogFeatures catalog, ProtocolFixtures fixtures) {
        List<McpServerFeatures.AsyncResourceTemplateSpecification> templates = new ArrayList<>(
                List.of(catalog.tableTemplate()));
        templates.addAll(fixtures.resourceTemplates());
        List<McpServerFeatures.AsyncPromptSpecification> prompts = new ArrayList<>(catalog.prompts());
        prompts.addAll(fixtures.prompts());
        List<McpServerFeatures.AsyncCompletionSpecification> completions = new ArrayList<>(catalog.completions());
        completions.addAll(fixtures.completions());
        return new ServedFeatures(fixtures.tools(), fixtures.resources(), templates, prompts, completions);
    }
}
