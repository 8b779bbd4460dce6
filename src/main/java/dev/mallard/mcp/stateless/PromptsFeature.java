package dev.mallard.mcp.stateless;

import dev.mallard.mcp.ServedFeatures;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code prompts/list} and {@code prompts/get} without a session (server/prompts, 2026-07-28). The
 * prompts are the same for every caller while the server runs, so the list is cacheable publicly.
 */
final class PromptsFeature implements StatelessFeature {
    static final Duration LIST_TTL = Duration.ofHours(1);

    private final Map<String, McpServerFeatures.AsyncPromptSpecification> prompts = new LinkedHashMap<>();
    private final Map<String, StatelessPrompt> statelessPrompts = new LinkedHashMap<>();
    private final JsonMapper json;

    PromptsFeature(ServedFeatures served, List<StatelessPrompt> statelessPrompts, JsonMapper json) {
        served.prompts().forEach(prompt -> prompts.put(prompt.prompt().name(), prompt));
        statelessPrompts.forEach(prompt -> this.statelessPrompts.put(prompt.prompt().name(), prompt));
        this.json = json;
    }

    @Override
    public Map<String, Object> capabilities() {
        return Map.of("prompts", Map.of("listChanged", false));
    }

    @Override
    public Map<String, StatelessMethod> methods() {
        return Map.of(McpSchema.METHOD_PROMPT_LIST, this::list, McpSchema.METHOD_PROMPT_GET, this::get);
    }

    private StatelessReply list(StatelessRequest request) {
        List<McpSchema.Prompt> all = new ArrayList<>();
        prompts.values().forEach(prompt -> all.add(prompt.prompt()));
        statelessPrompts.values().forEach(prompt -> all.add(prompt.prompt()));
        return ResourcesFeature.cacheable(Map.of("prompts", all), LIST_TTL, "public");
    }

    private StatelessReply get(StatelessRequest request) {
        if (!(request.params().get("name") instanceof String name)) {
            return StatelessReply.Error.invalidParams("Invalid params: prompts/get needs \"name\", a prompt from "
                    + "prompts/list.");
        }
        if (statelessPrompts.containsKey(name)) {
            return statelessPrompts.get(name).handler().handle(request);
        }
        McpServerFeatures.AsyncPromptSpecification prompt = prompts.get(name);
        if (prompt == null) {
            return StatelessReply.Error.invalidParams("Unknown prompt: '" + name + "'. Call prompts/list for the "
                    + "prompts this server offers.");
        }
        McpSchema.GetPromptRequest get;
        try {
            get = json.convertValue(withoutMeta(request.params()), McpSchema.GetPromptRequest.class);
        } catch (RuntimeException e) {
            return StatelessReply.Error.invalidParams("Invalid params: \"arguments\" must be an object of strings.");
        }
        return RequestExchange.answer(() -> prompt.promptHandler().apply(RequestExchange.of(request), get), json);
    }

    static Map<String, Object> withoutMeta(Map<String, Object> params) {
        Map<String, Object> copy = new LinkedHashMap<>(params);
        copy.remove(StatelessProtocol.META);
        return copy;
    }
}
