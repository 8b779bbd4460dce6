package dev.mallard.sources;

import dev.mallard.error.MallardException;
import dev.mallard.json.MallardJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of an API source: the spec without the secret, which is stored apart. The auth
 * header's name is kept so a sync can pair it with the secret again.
 *
 * <pre>{@code
 * {"url": "https://api.example.com", "auth_header": "Authorization",
 *  "endpoints": [{"table": "items", "path": "/v1/items", "query": {"status": "open"}, "records": "data.items",
 *                 "paginate": {"type": "page", "param": "page", "start": 1, "size_param": "per_page", "size": 100}}]}
 * }</pre>
 */
final class ApiSpecJson {
    private ApiSpecJson() {}

    static String write(ApiSource source, Optional<String> authHeader) {
        ObjectNode spec = MallardJson.mapper().createObjectNode();
        spec.put("url", source.baseUrl().toString());
        authHeader.ifPresent(header -> spec.put("auth_header", header));
        var endpoints = spec.putArray("endpoints");
        for (ApiEndpoint endpoint : source.endpoints()) {
            ObjectNode node = endpoints.addObject().put("table", endpoint.table()).put("path", endpoint.path());
            ObjectNode query = node.putObject("query");
            endpoint.query().forEach(query::put);
            node.put("records", endpoint.recordPath().text());
            writePagination(node.putObject("paginate"), endpoint.pagination());
        }
        return spec.toString();
    }

    /** The source without its secret, and the name of the header the secret goes in, if any. */
    static ApiSource read(String name, String json, Optional<String> secret) {
        JsonNode spec;
        try {
            spec = MallardJson.mapper().readTree(json);
        } catch (JacksonException e) {
            throw MallardException.invalidArgument("The stored spec of source '" + name + "' is not valid JSON: "
                    + e.getOriginalMessage() + ". Remove the source and add it again.");
        }
        List<ApiEndpoint> endpoints = new ArrayList<>();
        for (JsonNode node : spec.path("endpoints")) {
            Map<String, String> query = new LinkedHashMap<>();
            node.path("query").properties().forEach(entry -> query.put(entry.getKey(), entry.getValue().asString()));
            endpoints.add(ApiEndpoint.of(node.path("table").asString(), node.path("path").asString())
                    .withQuery(query).withRecordPath(node.path("records").asString(""))
                    .withPagination(readPagination(node.path("paginate"))));
        }
        ApiSource source = ApiSource.of(name, spec.path("url").asString(), endpoints);
        String header = spec.path("auth_header").asString("");
        if (header.isEmpty()) {
            return source;
        }
        return source.withAuth(header, secret.orElseThrow(() -> MallardException.invalidArgument("Source '" + name
                + "' sends the " + header + " header, and no secret is stored for it. Remove the source and add it "
                + "again with --secret-stdin.")));
    }

    static Optional<String> authHeader(String json) {
        String header = MallardJson.mapper().readTree(json).path("auth_header").asString("");
        return header.isEmpty() ? Optional.empty() : Optional.of(header);
    }

    private static void writePagination(ObjectNode node, Pagination pagination) {
        switch (pagination) {
            case Pagination.None none -> node.put("type", "none");
            case Pagination.NextLink link -> {
                node.put("type", "next-link");
                link.field().ifPresent(field -> node.put("field", field.text()));
            }
            case Pagination.Cursor cursor -> node.put("type", "cursor").put("field", cursor.field().text())
                    .put("param", cursor.param());
            case Pagination.PageNumber page -> {
                node.put("type", "page").put("param", page.param()).put("start", page.start()).put("size", page.size());
                page.sizeParam().ifPresent(param -> node.put("size_param", param));
            }
            case Pagination.Offset offset -> node.put("type", "offset").put("param", offset.offsetParam())
                    .put("limit_param", offset.limitParam()).put("limit", offset.limit());
        }
    }

    private static Pagination readPagination(JsonNode node) {
        return switch (node.path("type").asString("none")) {
            case "next-link" -> new Pagination.NextLink(node.has("field")
                    ? Optional.of(FieldPath.parse(node.path("field").asString())) : Optional.empty());
            case "cursor" -> new Pagination.Cursor(FieldPath.parse(node.path("field").asString()),
                    node.path("param").asString());
            case "page" -> new Pagination.PageNumber(node.path("param").asString(), node.path("start").asInt(1),
                    node.has("size_param") ? Optional.of(node.path("size_param").asString()) : Optional.empty(),
                    node.path("size").asInt(100));
            case "offset" -> new Pagination.Offset(node.path("param").asString(), node.path("limit_param").asString(),
                    node.path("limit").asInt(100));
            default -> new Pagination.None();
        };
    }
}
