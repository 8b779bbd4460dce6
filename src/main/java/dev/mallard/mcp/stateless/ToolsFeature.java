package dev.mallard.mcp.stateless;

import dev.mallard.mcp.ApprovalForm;
import dev.mallard.mcp.ToolRunner;
import dev.mallard.tools.Tool;
import dev.mallard.tools.ToolRegistry;
import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tools/list} and {@code tools/call} without a session (server/tools, 2026-07-28). Calls go
 * through the same {@link ToolRunner} as the session era. A change that needs the person's approval
 * ends the first call with an {@code input_required} result; the request state names the pending
 * mutation, and the repeated call decides it. The state needs no signature: the mutation must belong
 * to the caller, still be pending and match the repeated call's SQL and database (checked by the
 * mutation service), so a tampered state can only make the call fail (mrtr, "Server Requirements").
 */
final class ToolsFeature implements StatelessFeature {
    /** Tools are fixed while the server runs; what a credential sees depends on its scopes, hence private. */
    static final Duration LIST_TTL = Duration.ofHours(1);

    private final ToolRegistry registry;
    private final ToolRunner runner;
    private final JsonMapper json;

    ToolsFeature(ToolRegistry registry, ToolRunner runner, JsonMapper json) {
        this.registry = registry;
        this.runner = runner;
        this.json = json;
    }

    @Override
    public Map<String, Object> capabilities() {
        return Map.of("tools", Map.of("listChanged", false));
    }

    @Override
    public Map<String, StatelessMethod> methods() {
        return Map.of(McpSchema.METHOD_TOOLS_LIST, this::list, McpSchema.METHOD_TOOLS_CALL, this::call);
    }

    private StatelessReply list(StatelessRequest request) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tools", registry.all().stream()
                .filter(tool -> ToolRunner.listed(tool, Optional.of(request.principal())))
                .map(tool -> ToolRunner.describe(tool.definition()))
                .toList());
        result.put("ttlMs", LIST_TTL.toMillis());
        result.put("cacheScope", "private");
        return new StatelessReply.Result(result);
    }

    private StatelessReply call(StatelessRequest request) {
        Map<String, Object> params = request.params();
        if (!(params.get("name") instanceof String name)) {
            return StatelessReply.Error.invalidParams("Invalid params: tools/call needs \"name\", the tool's name as a string.");
        }
        Object arguments = params.get("arguments");
        if (arguments != null && !(arguments instanceof Map)) {
            return StatelessReply.Error.invalidParams("Invalid params: \"arguments\" must be an object.");
        }
        Optional<Tool> tool = registry.find(name);
        if (tool.isEmpty()) {
            return StatelessReply.Error.invalidParams("Unknown tool: '" + name + "'. Call tools/list for the tools "
                    + "this credential can use.");
        }
        Optional<String> continuing = Optional.empty();
        if (params.get("requestState") != null) {
            continuing = subject(params.get("requestState"), name);
            if (continuing.isEmpty()) {
                return StatelessReply.Error.invalidParams("Invalid params: requestState is not one this server issued "
                        + "for " + name + ". Repeat the call without requestState and inputResponses.");
            }
        }
        Optional<McpSchema.ElicitResult> answer;
        try {
            answer = answer(params.get("inputResponses"));
        } catch (JacksonException | IllegalArgumentException e) {
            return StatelessReply.Error.invalidParams("Invalid params: inputResponses." + RoundTripPrompt.KEY
                    + " must be an elicitation result ({\"action\": \"accept\", \"content\": {\"approve\": true}}).");
        }
        Optional<RoundTripPrompt> prompt = continuing.isPresent() || ApprovalForm.supported(request.capabilities())
                ? Optional.of(new RoundTripPrompt(continuing, answer))
                : Optional.empty();
        @SuppressWarnings("unchecked")
        Map<String, Object> args = arguments == null ? Map.of() : (Map<String, Object>) arguments;
        McpSchema.Implementation client = request.client();
        McpSchema.CallToolResult result = runner.call(tool.get(), args, new ToolRunner.Call(
                Optional.of(request.principal()), client == null ? null : client.name(),
                client == null ? null : client.version(), null, request.runningKey(),
                ToolRunner.progress(request.meta().get("progressToken"), progress -> request.notifications()
                        .accept(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION,
                                McpSchema.METHOD_NOTIFICATION_PROGRESS, progress))),
                prompt.map(p -> (UserPrompt) p), Optional.empty()));
        Optional<RoundTripPrompt.Question> asked = prompt.flatMap(RoundTripPrompt::asked);
        if (asked.isPresent() && !Boolean.TRUE.equals(result.isError())) {
            return new StatelessReply.Result(inputRequired(name, asked.get()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> complete = json.convertValue(result, Map.class);
        return new StatelessReply.Result(complete);
    }

    private Map<String, Object> inputRequired(String tool, RoundTripPrompt.Question question) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("mode", "form");
        form.put("message", question.message());
        form.put("requestedSchema", ApprovalForm.SCHEMA);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("resultType", StatelessProtocol.INPUT_REQUIRED);
        result.put("inputRequests", Map.of(RoundTripPrompt.KEY,
                Map.of("method", McpSchema.METHOD_ELICITATION_CREATE, "params", form)));
        result.put("requestState", Base64.getUrlEncoder().withoutPadding()
                .encodeToString((tool + "\n" + question.subject()).getBytes(StandardCharsets.UTF_8)));
        return result;
    }

    /** The subject a request state names, if it is one this server issued for this tool. */
    private static Optional<String> subject(Object state, String tool) {
        if (!(state instanceof String text)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int newline = decoded.indexOf('\n');
            return newline > 0 && decoded.substring(0, newline).equals(tool) && newline < decoded.length() - 1
                    ? Optional.of(decoded.substring(newline + 1))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<McpSchema.ElicitResult> answer(Object responses) {
        if (!(responses instanceof Map<?, ?> map) || map.get(RoundTripPrompt.KEY) == null) {
            return Optional.empty();
        }
        McpSchema.ElicitResult result = json.convertValue(map.get(RoundTripPrompt.KEY), McpSchema.ElicitResult.class);
        if (result.action() == null) {
            throw new IllegalArgumentException("no action");
        }
        return Optional.of(result);
    }
}
