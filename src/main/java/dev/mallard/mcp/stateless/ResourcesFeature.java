package dev.mallard.mcp.stateless;

import dev.mallard.mcp.ResourceList;
import dev.mallard.mcp.ServedFeatures;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.util.DefaultMcpUriTemplateManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code resources/list}, {@code resources/read} and {@code resources/templates/list} without a
 * session (server/resources, 2026-07-28), answered by the same lists and handlers as in a session.
 * Every complete result carries caching hints (server/utilities/caching): tables change with DDL
 * and what a caller sees depends on its grants, hence short and private; the templates are the
 * same for everyone.
 */
final class ResourcesFeature implements StatelessFeature {
    static final Duration LIST_TTL = Duration.ofMinutes(1);
    static final Duration READ_TTL = Duration.ofMinutes(1);
    static final Duration TEMPLATES_TTL = Duration.ofHours(1);
    /** Earlier versions' "resource not found"; 2026-07-28 asks for Invalid Params (server/resources, "Error Handling"). */
    private static final int RESOURCE_NOT_FOUND_2025 = -32002;

    private final ServedFeatures served;
    private final ResourceList list;
    private final JsonMapper json;
    private final List<Template> templates;

    /** A resource template and the matcher of its URI template. */
    private record Template(McpServerFeatures.AsyncResourceTemplateSpecification specification,
            DefaultMcpUriTemplateManager matcher) {}

    ResourcesFeature(ServedFeatures served, ResourceList list, JsonMapper json) {
        this.served = served;
        this.list = list;
        this.json = json;
        this.templates = served.templates().stream().map(template -> new Template(template,
                new DefaultMcpUriTemplateManager(template.resourceTemplate().uriTemplate()))).toList();
    }

    @Override
    public Map<String, Object> capabilities() {
        return Map.of("resources", Map.of("listChanged", false, "subscribe", false));
    }

    @Override
    public Map<String, StatelessMethod> methods() {
        return Map.of(McpSchema.METHOD_RESOURCES_LIST, this::list, McpSchema.METHOD_RESOURCES_READ, this::read,
                McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, this::templates);
    }

    private StatelessReply list(StatelessRequest request) {
        Map<String, Object> params = request.params().get("cursor") instanceof String cursor
                ? Map.of("cursor", cursor) : Map.of();
        McpSchema.JSONRPCResponse response = list.answer(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION,
                McpSchema.METHOD_RESOURCES_LIST, request.id(), params), request.principal(), null).orElseThrow();
        if (response.error() != null) {
            return StatelessReply.Error.invalidParams(response.error().message());
        }
        return cacheable(json.convertValue(response.result(), Map.class), LIST_TTL, "private");
    }

    private StatelessReply templates(StatelessRequest request) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("resourceTemplates", served.templates().stream()
                .map(McpServerFeatures.AsyncResourceTemplateSpecification::resourceTemplate).toList());
        return cacheable(result, TEMPLATES_TTL, "public");
    }

    private StatelessReply read(StatelessRequest request) {
        if (!(request.params().get("uri") instanceof String uri)) {
            return StatelessReply.Error.invalidParams("Invalid params: resources/read needs \"uri\", a URI from "
                    + "resources/list or one filled in from resources/templates/list.");
        }
        McpSchema.ReadResourceRequest read = json.convertValue(Map.of("uri", uri),
                McpSchema.ReadResourceRequest.class);
        Optional<McpServerFeatures.AsyncResourceSpecification> fixed = served.resources().stream()
                .filter(resource -> resource.resource().uri().equals(uri)).findFirst();
        Optional<Template> template = templates.stream().filter(candidate -> candidate.matcher().matches(uri))
                .findFirst();
        if (fixed.isEmpty() && template.isEmpty()) {
            return notFound(uri);
        }
        StatelessReply reply = RequestExchange.answer(() -> fixed.isPresent()
                ? fixed.get().readHandler().apply(RequestExchange.of(request), read)
                : template.get().specification().readHandler().apply(RequestExchange.of(request), read), json);
        return switch (reply) {
            case StatelessReply.Result result -> cacheable(result.result(), READ_TTL, "private");
            case StatelessReply.Error error when error.code() == RESOURCE_NOT_FOUND_2025 ->
                    new StatelessReply.Error(error.httpStatus(), StatelessProtocol.INVALID_PARAMS, error.message(),
                            Map.of("uri", uri));
            case StatelessReply.Error error -> error;
        };
    }

    private static StatelessReply notFound(String uri) {
        return new StatelessReply.Error(200, StatelessProtocol.INVALID_PARAMS, "Resource not found: '" + uri
                + "'. Call resources/list for the resources, or resources/templates/list for the URI templates.",
                Map.of("uri", uri));
    }

    static StatelessReply cacheable(Map<?, ?> result, Duration ttl, String scope) {
        Map<String, Object> body = StatelessProtocol.stringKeys(result);
        body.put("ttlMs", ttl.toMillis());
        body.put("cacheScope", scope);
        return new StatelessReply.Result(body);
    }
}
