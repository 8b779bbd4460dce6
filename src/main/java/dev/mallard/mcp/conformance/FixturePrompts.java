package dev.mallard.mcp.conformance;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** The prompts of the suite's prompts-* scenarios, and the completion its completion-complete scenario asks for. */
final class FixturePrompts {
    private FixturePrompts() {}

    static List<McpServerFeatures.AsyncPromptSpecification> all() {
        return List.of(
                prompt("test_simple_prompt", "Simple Test Prompt", "A simple prompt without arguments", List.of(),
                        arguments -> List.of(user(FixtureTools.text("This is a simple prompt for testing.")))),
                prompt("test_prompt_with_arguments", "Prompt With Arguments", "A prompt with required arguments",
                        List.of(argument("arg1", "First test argument"), argument("arg2", "Second test argument")),
                        arguments -> List.of(user(FixtureTools.text("Prompt with arguments: arg1='"
                                + arguments.get("arg1") + "', arg2='" + arguments.get("arg2") + "'")))),
                prompt("test_prompt_with_embedded_resource", "Prompt With Embedded Resource",
                        "A prompt that includes an embedded resource",
                        List.of(argument("resourceUri", "URI of the resource to embed")),
                        arguments -> List.of(
                                user(FixtureTools.embedded(String.valueOf(arguments.get("resourceUri")), "text/plain",
                                        "Embedded resource content for testing.")),
                                user(FixtureTools.text("Please process the embedded resource above.")))),
                prompt("test_prompt_with_image", "Prompt With Image", "A prompt that includes image content", List.of(),
                        arguments -> List.of(user(FixtureTools.image()),
                                user(FixtureTools.text("Please analyze the image above.")))));
    }

    /** The suite only checks that a completion answers; like its reference server, this one proposes nothing. */
    static List<McpServerFeatures.AsyncCompletionSpecification> completions() {
        return List.of(new McpServerFeatures.AsyncCompletionSpecification(
                new McpSchema.PromptReference("test_prompt_with_arguments"), (exchange, request) -> Mono.just(
                        new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(List.of(), 0,
                                false)))));
    }

    private interface Messages {
        List<McpSchema.PromptMessage> write(Map<String, Object> arguments);
    }

    private static McpServerFeatures.AsyncPromptSpecification prompt(String name, String title, String description,
            List<McpSchema.PromptArgument> arguments, Messages messages) {
        return new McpServerFeatures.AsyncPromptSpecification(McpSchema.Prompt.builder(name).title(title)
                .description(description).arguments(arguments).build(),
                (exchange, request) -> Mono.just(McpSchema.GetPromptResult.builder(messages.write(
                        request.arguments() == null ? Map.of() : request.arguments())).build()));
    }

    private static McpSchema.PromptArgument argument(String name, String description) {
        return McpSchema.PromptArgument.builder(name).description(description).required(true).build();
    }

    private static McpSchema.PromptMessage user(McpSchema.Content content) {
        return new McpSchema.PromptMessage(McpSchema.Role.USER, content);
    }
}
