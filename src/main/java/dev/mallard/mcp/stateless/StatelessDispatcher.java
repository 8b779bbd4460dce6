package dev.mallard.mcp.stateless;

import dev.mallard.auth.Principal;
import dev.mallard.mcp.McpServerFactory;
import dev.mallard.mcp.ProtocolFixtures;
import dev.mallard.mcp.ResourceList;
import dev.mallard.mcp.ServedFeatures;
import dev.mallard.mcp.ToolRunner;
import dev.mallard.tools.ToolRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves MCP 2026-07-28 requests: each carries its protocol version and the client's capabilities in
 * {@code _meta}, and none needs a session (basic/versioning, "Backward Compatibility": a request with
 * per-request {@code _meta} is served statelessly, an initialize request opens a 2025 session). The
 * transport authenticates and checks Origin and Host first, as for any request.
 */
public final class StatelessDispatcher {
    /** Instructions describe the principal's databases, which change rarely. */
    static final Duration DISCOVER_TTL = Duration.ofMinutes(5);
    /** Methods that carry a name in Mcp-Name (streamable-http, "Standard Request Headers"). */
    private static final Map<String, String> NAMED = Map.of(McpSchema.METHOD_TOOLS_CALL, "name",
            McpSchema.METHOD_RESOURCES_READ, "uri", McpSchema.METHOD_PROMPT_GET, "name");
    private static final String EXTENSIONS = "extensions";

    private final JsonMapper json;
    private final Function<Principal, String> instructions;
    private final Map<String, Object> capabilities = new TreeMap<>();
    private final Map<String, StatelessMethod> methods = new TreeMap<>();
    private final Map<String, String> named = new TreeMap<>(NAMED);
    private final List<StatelessFeature> features;
    private final Map<String, Object> serverInfo;

    public StatelessDispatcher(JsonMapper json, Function<Principal, String> instructions,
            List<StatelessFeature> features) {
        this.json = json;
        this.instructions = instructions;
        this.serverInfo = asMap(McpServerFactory.serverInfo());
        this.features = List.copyOf(features);
        // ping, logging/setLevel and subscriptions left the protocol in 2026-07-28: they are "not found".
        methods.put("server/discover", this::discover);
        for (StatelessFeature feature : features) {
            addCapabilities(feature.capabilities());
            named.putAll(feature.namedBy());
            feature.methods().forEach((name, method) -> {
                if (methods.putIfAbsent(name, method) != null) {
                    throw new IllegalArgumentException("Two stateless handlers for " + name);
                }
            });
        }
        for (StatelessFeature feature : features) {
            feature.decorators().forEach((name, decorator) -> {
                if (methods.computeIfPresent(name, (key, method) -> decorator.apply(method)) == null) {
                    throw new IllegalArgumentException("No stateless handler for " + name + " to decorate");
                }
            });
        }
    }

    /** Capabilities of several features; each extension is an entry of its own under {@code extensions}. */
    private void addCapabilities(Map<String, Object> added) {
        added.forEach((name, value) -> {
            if (EXTENSIONS.equals(name) && value instanceof Map<?, ?> extensions) {
                Map<String, Object> merged = capabilities.get(EXTENSIONS) instanceof Map<?, ?> existing
                        ? StatelessProtocol.stringKeys(existing) : new TreeMap<>();
                merged.putAll(StatelessProtocol.stringKeys(extensions));
                capabilities.put(EXTENSIONS, merged);
            } else {
                capabilities.put(name, value);
            }
        });
    }

    /**
     * The dispatcher with Mallard's tools, resources, prompts and completions, a test profile's
     * fixtures (none in production), and extensions such as tasks.
     */
    public static StatelessDispatcher of(JsonMapper json, Function<Principal, String> instructions,
            ToolRegistry registry, ToolRunner runner, ServedFeatures served, ResourceList resources,
            ProtocolFixtures fixtures, List<StatelessFeature> extensions) {
        List<StatelessFeature> features = new ArrayList<>();
        features.add(new ToolsFeature(registry, runner, json, served.fixtureTools(), fixtures.statelessTools()));
        features.add(new ResourcesFeature(served, resources, json));
        features.add(new PromptsFeature(served, fixtures.statelessPrompts(), json));
        features.add(new CompletionFeature(served, json));
        features.addAll(extensions);
        return new StatelessDispatcher(json, instructions, features);
    }

    /** A request checked and ready to run, or why it is refused (with the HTTP status the spec asks for). */
    public sealed interface Prepared {
        record Ready(StatelessMethod method, StatelessRequest request) implements Prepared {}

        record Refused(StatelessReply.Error error) implements Prepared {}
    }

    /**
     * Checks the request's {@code _meta} (basic/index, "Per-request protocol fields"), its version and
     * its Mcp-* headers against the body (streamable-http, "Server Validation"), and finds the method.
     *
     * @param header the value of an HTTP header, by name, or null
     * @param runningKey the key the request runs under, unique to its HTTP exchange, so that the
     *     transport can cancel it when the client closes the response stream
     */
    public Prepared prepare(McpSchema.JSONRPCRequest request, Function<String, String> header, Principal principal,
            Object runningKey, Consumer<McpSchema.JSONRPCNotification> notifications) {
        if (!(request.params() instanceof Map<?, ?> rawParams)
                || !(rawParams.get(StatelessProtocol.META) instanceof Map<?, ?> rawMeta)
                || !(rawMeta.get(StatelessProtocol.PROTOCOL_VERSION) instanceof String version)) {
            return refuse(400, StatelessProtocol.INVALID_PARAMS, "Invalid params: a " + StatelessProtocol.VERSION
                    + " request carries params._meta with \"" + StatelessProtocol.PROTOCOL_VERSION + "\" and \""
                    + StatelessProtocol.CLIENT_CAPABILITIES + "\". To use an earlier version, send initialize "
                    + "first and use the session it opens.", null);
        }
        Map<String, Object> params = StatelessProtocol.stringKeys(rawParams);
        Map<String, Object> meta = StatelessProtocol.stringKeys(rawMeta);
        // The headers first: a version header that disagrees with the body is a mismatch, whatever the version.
        String mismatch = headerMismatch(request, params, version, header, named);
        if (mismatch != null) {
            return refuse(400, StatelessProtocol.HEADER_MISMATCH, "Header mismatch: " + mismatch, null);
        }
        if (!StatelessProtocol.VERSION.equals(version)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("supported", StatelessProtocol.ALL_VERSIONS);
            data.put("requested", version);
            return refuse(400, StatelessProtocol.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version '"
                    + version + "'. Send " + StatelessProtocol.VERSION + " in _meta, or open a session with initialize "
                    + "for " + String.join(", ", StatelessProtocol.ALL_VERSIONS.subList(1,
                            StatelessProtocol.ALL_VERSIONS.size())) + ".", data);
        }
        if (!(meta.get(StatelessProtocol.CLIENT_CAPABILITIES) instanceof Map<?, ?> rawCapabilities)) {
            return refuse(400, StatelessProtocol.INVALID_PARAMS, "Invalid params: _meta lacks \""
                    + StatelessProtocol.CLIENT_CAPABILITIES + "\"; send {} when the client declares no capabilities.",
                    null);
        }
        StatelessMethod method = methods.get(request.method());
        if (method == null) {
            return refuse(404, StatelessProtocol.METHOD_NOT_FOUND, "Method not found: '" + request.method()
                    + "' is not served without a session (" + StatelessProtocol.VERSION + "). This server answers "
                    + String.join(", ", methods.keySet()) + ".", null);
        }
        McpSchema.ClientCapabilities capabilities;
        try {
            capabilities = json.convertValue(rawCapabilities, McpSchema.ClientCapabilities.class);
        } catch (RuntimeException e) {
            return refuse(400, StatelessProtocol.INVALID_PARAMS, "Invalid params: \""
                    + StatelessProtocol.CLIENT_CAPABILITIES + "\" is not a ClientCapabilities object.", null);
        }
        StatelessRequest checked = new StatelessRequest(request.id(), runningKey, request.method(), params,
                principal, clientInfo(meta.get(StatelessProtocol.CLIENT_INFO)), capabilities, notifications);
        for (StatelessFeature feature : features) {
            Optional<StatelessReply.Error> refusal = feature.refusal(checked, header);
            if (refusal.isPresent()) {
                return new Prepared.Refused(refusal.get());
            }
        }
        return new Prepared.Ready(method, checked);
    }

    /** Runs a prepared request; every result carries resultType and the server's identity (basic/index). */
    public McpSchema.JSONRPCResponse run(Prepared.Ready ready) {
        Object id = ready.request().id();
        return switch (ready.method().handle(ready.request())) {
            case StatelessReply.Result result -> {
                Map<String, Object> body = new LinkedHashMap<>(result.result());
                body.putIfAbsent("resultType", StatelessProtocol.COMPLETE);
                Map<String, Object> meta = body.get(StatelessProtocol.META) instanceof Map<?, ?> existing
                        ? StatelessProtocol.stringKeys(existing) : new LinkedHashMap<>();
                meta.put(StatelessProtocol.SERVER_INFO, serverInfo);
                body.put(StatelessProtocol.META, meta);
                yield McpSchema.JSONRPCResponse.result(id, body);
            }
            case StatelessReply.Error error -> McpSchema.JSONRPCResponse.error(id,
                    new McpSchema.JSONRPCResponse.JSONRPCError(error.code(), error.message(), error.data()));
        };
    }

    private StatelessReply discover(StatelessRequest request) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("supportedVersions", StatelessProtocol.ALL_VERSIONS);
        result.put("capabilities", capabilities);
        result.put("instructions", instructions.apply(request.principal()));
        result.put("ttlMs", DISCOVER_TTL.toMillis());
        // The instructions list the databases this principal is granted.
        result.put("cacheScope", "private");
        return new StatelessReply.Result(result);
    }

    private static String headerMismatch(McpSchema.JSONRPCRequest request, Map<String, Object> params,
            String version, Function<String, String> header, Map<String, String> named) {
        String versionHeader = header.apply(StatelessProtocol.HEADER_PROTOCOL_VERSION);
        if (!Objects.equals(versionHeader, version)) {
            return versionHeader == null ? "the MCP-Protocol-Version header is missing; send " + version + "."
                    : "MCP-Protocol-Version header value '" + versionHeader + "' does not match body value '"
                            + version + "'.";
        }
        String method = header.apply(StatelessProtocol.HEADER_METHOD);
        if (!Objects.equals(method, request.method())) {
            return method == null ? "the Mcp-Method header is missing; send " + request.method() + "."
                    : "Mcp-Method header value '" + method + "' does not match body value '" + request.method() + "'.";
        }
        String field = named.get(request.method());
        if (field == null) {
            return null;
        }
        String raw = header.apply(StatelessProtocol.HEADER_NAME);
        String name = StatelessProtocol.decodeHeader(raw);
        Object body = params.get(field);
        if (raw == null) {
            return "the Mcp-Name header is missing; send the request's params." + field + ".";
        }
        if (name == null || !name.equals(body)) {
            return "Mcp-Name header value '" + raw + "' does not match body value '" + body + "'.";
        }
        return null;
    }

    private McpSchema.Implementation clientInfo(Object value) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("name") instanceof String)) {
            return null;
        }
        try {
            return json.convertValue(map, McpSchema.Implementation.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Map<String, Object> asMap(Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(value, Map.class);
        return map;
    }

    private static Prepared refuse(int status, int code, String message, Object data) {
        return new Prepared.Refused(new StatelessReply.Error(status, code, message, data));
    }
}
