package dev.mallard.mcp.stateless;

import dev.mallard.mcp.ServedFeatures;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** {@code completion/complete} without a session (server/utilities/completion, 2026-07-28). */
final class CompletionFeature implements StatelessFeature {
    private final List<McpServerFeatures.AsyncCompletionSpecification> completions;
    private final JsonMapper json;

    CompletionFeature(ServedFeatures served, JsonMapper json) {
        this.completions = served.completions();
        this.json = json;
    }

    @Override
    public Map<String, Object> capabilities() {
        return Map.of("completions", Map.of());
    }

    @Override
    public Map<String, StatelessMethod> methods() {
        return Map.of(McpSchema.METHOD_COMPLETION_COMPLETE, this::complete);
    }

    private StatelessReply complete(StatelessRequest request) {
        McpSchema.CompleteRequest complete;
        try {
            complete = json.convertValue(PromptsFeature.withoutMeta(request.params()), McpSchema.CompleteRequest.class);
        } catch (RuntimeException e) {
            complete = null;
        }
        if (complete == null || complete.ref() == null || complete.argument() == null) {
            return StatelessReply.Error.invalidParams("Invalid params: completion/complete needs \"ref\" (a "
                    + "ref/prompt with its name or a ref/resource with its URI template) and \"argument\" "
                    + "({\"name\": ..., \"value\": ...}).");
        }
        McpSchema.CompleteReference reference = complete.ref();
        Optional<McpServerFeatures.AsyncCompletionSpecification> found = completions.stream()
                .filter(specification -> specification.referenceKey().type().equals(reference.type())
                        && identifier(specification.referenceKey()).equals(identifier(reference)))
                .findFirst();
        if (found.isEmpty()) {
            return StatelessReply.Error.invalidParams("Nothing to complete for " + reference.type() + " '"
                    + identifier(reference) + "'. Call prompts/list or resources/templates/list for what this "
                    + "server completes.");
        }
        McpSchema.CompleteRequest asked = complete;
        return RequestExchange.answer(() -> found.get().completionHandler().apply(RequestExchange.of(request), asked),
                json);
    }

    /** A prompt's name or a resource template's URI. */
    private static String identifier(McpSchema.CompleteReference reference) {
        return switch (reference) {
            case McpSchema.PromptReference prompt -> prompt.name();
            case McpSchema.ResourceReference resource -> resource.uri();
            default -> "";
        };
    }
}
