package dev.mallard.mcp.stateless;

import dev.mallard.mcp.ApprovalForm;
import dev.mallard.mcp.ToolRunner;
import dev.mallard.tools.Tool;
import dev.mallard.tools.ToolRegistry;
import dev.mallard.tools.UserPrompt;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tools/list} and {@code tools/call} without a session (server/tools, 2026-07-28). Calls go
 * through the same {@link ToolRunner} as the session era. A change that needs the person's approval
 * ends the first call with an {@code input_required} result; the request state names the pending
 * mutation, and the repeated call decides it. The state needs no signature: the mutation must belong
 * to the caller, still be pending and match the repeated call's SQL and database (checked by the
 * mutation service), so a tampered state can only make the call fail (mrtr, "Server Requirements").
 * A test profile's fixture tools follow Mallard's own: the session era's through {@link RequestExchange},
 * the stateless ones as they are.
 */
final class ToolsFeature implements StatelessFeature {
    /** Tools are fixed while the server runs; what a credential sees depends on its scopes, hence private. */
    static final Duration LIST_TTL = Duration.ofHours(1);

    private final ToolRegistry registry;
    private final ToolRunner runner;
    private final JsonMapper json;
    private final Map<String, McpServerFeatures.AsyncToolSpecification> sdkTools = new LinkedHashMap<>();
    private final Map<String, StatelessTool> statelessTools = new LinkedHashMap<>();
    private final Map<String, List<ParameterHeaders.Header>> parameterHeaders = new HashMap<>();

    ToolsFeature(ToolRegistry registry, ToolRunner runner, JsonMapper json,
            List<McpServerFeatures.AsyncToolSpecification> sdkTools, List<StatelessTool> statelessTools) {
        this.registry = registry;
        this.runner = runner;
        this.json = json;
        sdkTools.forEach(tool -> this.sdkTools.put(tool.tool().name(), tool));
        statelessTools.forEach(tool -> this.statelessTools.put(tool.tool().name(), tool));
        registry.all().forEach(tool -> annotate(ToolRunner.describe(tool.definition())));
        sdkTools.forEach(tool -> annotate(tool.tool()));
        statelessTools.forEach(tool -> annotate(tool.tool()));
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
        List<Object> tools = new ArrayList<>(registry.all().stream()
                .filter(tool -> ToolRunner.listed(tool, Optional.of(request.principal())))
                .map(tool -> ToolRunner.describe(tool.definition()))
                .toList());
        sdkTools.values().forEach(tool -> tools.add(tool.tool()));
        statelessTools.values().forEach(tool -> tools.add(tool.tool()));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tools", tools);
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
        if (tool.isEmpty() && statelessTools.containsKey(name)) {
            return statelessTools.get(name).handler().handle(request);
        }
        if (tool.isEmpty() && sdkTools.containsKey(name)) {
            McpSchema.CallToolRequest call = json.convertValue(params, McpSchema.CallToolRequest.class);
            return RequestExchange.answer(() -> sdkTools.get(name).callHandler().apply(RequestExchange.of(request),
                    call), json);
        }
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

    @Override
    public Optional<StatelessReply.Error> refusal(StatelessRequest request, Function<String, String> header) {
        if (!McpSchema.METHOD_TOOLS_CALL.equals(request.method())
                || !(request.params().get("name") instanceof String name)) {
            return Optional.empty();
        }
        Optional<String> mismatch = ParameterHeaders.mismatch(parameterHeaders.getOrDefault(name, List.of()),
                request.params().get("arguments"), header);
        if (mismatch.isPresent()) {
            return Optional.of(new StatelessReply.Error(400, StatelessProtocol.HEADER_MISMATCH, "Header mismatch: "
                    + mismatch.get(), null));
        }
        StatelessTool stateless = statelessTools.get(name);
        if (stateless == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> declared = json.convertValue(request.capabilities(), Map.class);
        Map<String, Object> missing = new LinkedHashMap<>();
        stateless.requiredCapabilities().stream().filter(capability -> declared.get(capability) == null)
                .forEach(capability -> missing.put(capability, Map.of()));
        return missing.isEmpty() ? Optional.empty() : Optional.of(new StatelessReply.Error(400,
                StatelessProtocol.MISSING_CLIENT_CAPABILITY, "Missing required client capability: " + name
                        + " needs " + String.join(", ", missing.keySet()) + ". Declare it in _meta[\""
                        + StatelessProtocol.CLIENT_CAPABILITIES + "\"] if the client supports it.",
                Map.of("requiredCapabilities", missing)));
    }

    /** Reads the x-mcp-header annotations once: the tools do not change while the server runs. */
    private void annotate(McpSchema.Tool tool) {
        List<ParameterHeaders.Header> headers = ParameterHeaders.of(json.convertValue(tool.inputSchema(), Map.class));
        if (!headers.isEmpty()) {
            parameterHeaders.put(tool.name(), headers);
        }
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
