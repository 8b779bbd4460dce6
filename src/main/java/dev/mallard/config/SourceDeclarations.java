package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code sources:} key of the config file into declarations. Every mistake names its key
 * ({@code sources.shop.every}); unknown keys are refused so a typo does not silently drop a setting.
 * A secret is never written in the file: {@code secret-env} names the environment variable holding it.
 *
 * <pre>{@code
 * sources:
 *   shop:
 *     url: https://api.example.com
 *     endpoints: {orders: /v1/orders?status=open}
 *     auth-header: Authorization
 *     secret-env: SHOP_TOKEN
 *     every: 1h
 *   finance:
 *     duckdb: /srv/data/finance.duckdb
 *   crm:
 *     files: {orders: /srv/data/crm/orders_*.csv, events: /srv/data/events/2026-*.parquet}
 * }</pre>
 */
public final class SourceDeclarations {
    private static final Set<String> API_KEYS = Set.of("url", "endpoints", "records", "paginate", "auth-header",
            "secret-env", "every", "stale-after");
    private static final String API_KEY_LIST = "url, endpoints, records, paginate, auth-header, secret-env, every, "
            + "stale-after";

    private SourceDeclarations() {}

    public static List<SourceDeclaration> parse(JsonNode sources, Map<String, String> environment) {
        if (sources.isNull() || sources.isMissingNode()) {
            return List.of();
        }
        if (!sources.isObject()) {
            throw MallardException.configuration("sources: must map each source's name to its keys, e.g. "
                    + "'sources: {finance: {duckdb: /srv/data/finance.duckdb}}'.");
        }
        List<SourceDeclaration> declared = new ArrayList<>();
        for (var entry : sources.properties()) {
            declared.add(declaration(entry.getKey(), entry.getValue(), environment));
        }
        return List.copyOf(declared);
    }

    private static SourceDeclaration declaration(String name, JsonNode node, Map<String, String> environment) {
        String where = "sources." + name;
        if (!node.isObject()) {
            throw MallardException.configuration(where + ": must be a map of keys: url and endpoints for an HTTP "
                    + "API, files for data files, or duckdb for a DuckDB file.");
        }
        if (node.has("secret")) {
            throw MallardException.configuration(where + ".secret: a secret never goes in the config file. Put it "
                    + "in an environment variable and name that with secret-env.");
        }
        if (node.has("files")) {
            return files(name, where, node);
        }
        if (node.has("duckdb")) {
            if (node.size() > 1) {
                String other = node.propertyNames().stream().filter(key -> !key.equals("duckdb")).findFirst()
                        .orElseThrow();
                throw MallardException.configuration(where + "." + other + ": unknown key for a DuckDB file source, "
                        + "which takes duckdb alone (it is read as it is now: no schedule, no secret).");
            }
            return new SourceDeclaration.DuckDb(name, Path.of(text(where, node, "duckdb")));
        }
        if (!node.has("url")) {
            throw MallardException.configuration(where + ": say what the source is: url with endpoints for an HTTP "
                    + "API, files for data files, or duckdb for a DuckDB file.");
        }
        for (String key : node.propertyNames()) {
            if (!API_KEYS.contains(key)) {
                throw MallardException.configuration(where + "." + key + ": unknown key. An API source takes "
                        + API_KEY_LIST + ".");
            }
        }
        Optional<String> authHeader = optionalText(where, node, "auth-header");
        Optional<String> secretEnv = optionalText(where, node, "secret-env");
        if (authHeader.isPresent() != secretEnv.isPresent()) {
            throw MallardException.configuration(authHeader.isPresent()
                    ? where + ".secret-env: missing. auth-header needs secret-env, the environment variable that "
                            + "holds the header's value."
                    : where + ".auth-header: missing. secret-env needs auth-header, the header its value is sent in.");
        }
        return new SourceDeclaration.Api(name, text(where, node, "url"), tables(where, node, "endpoints",
                "its path below the base URL, e.g. 'endpoints: {orders: /v1/orders?status=open}'"),
                optionalText(where, node, "records").orElse(""), optionalText(where, node, "paginate").orElse("none"),
                authHeader, secretEnv.map(variable -> secret(where, variable, authHeader.orElseThrow(), environment)),
                duration(where, node, "every"), duration(where, node, "stale-after"));
    }

    private static SourceDeclaration.Files files(String name, String where, JsonNode node) {
        for (String key : node.propertyNames()) {
            if (!key.equals("files") && !key.equals("format")) {
                throw MallardException.configuration(where + "." + key + ": unknown key for a files source, which "
                        + "takes files and format (it is read as it is now: no schedule, no secret).");
            }
        }
        return new SourceDeclaration.Files(name, tables(where, node, "files", "the path or glob of its files, e.g. "
                + "'files: {orders: /srv/data/crm/orders_*.csv}'"), optionalText(where, node, "format"));
    }

    /** A non-empty map of table name to text under {@code key}; {@code meaning} says what each text is. */
    private static Map<String, String> tables(String where, JsonNode node, String key, String meaning) {
        JsonNode map = node.path(key);
        if (!map.isObject() || map.isEmpty()) {
            throw MallardException.configuration(where + "." + key + ": must map each table to " + meaning + ".");
        }
        Map<String, String> tables = new LinkedHashMap<>();
        for (var entry : map.properties()) {
            tables.put(entry.getKey(), text(where + "." + key, map, entry.getKey()));
        }
        return tables;
    }

    private static String secret(String where, String variable, String header, Map<String, String> environment) {
        String value = environment.get(variable);
        if (value == null || value.isEmpty()) {
            throw MallardException.configuration(where + ".secret-env: the environment variable " + variable
                    + " is not set. Set it to the whole value of the " + header + " header (e.g. 'Bearer <token>') "
                    + "where Mallard starts.");
        }
        return value;
    }

    private static Optional<Duration> duration(String where, JsonNode node, String key) {
        return optionalText(where, node, key).map(text -> Durations.parse(text).orElseThrow(() ->
                MallardException.configuration(where + "." + key + ": \"" + text + "\" is not a duration such as "
                        + "1h or 30m.")));
    }

    private static Optional<String> optionalText(String where, JsonNode node, String key) {
        return node.has(key) ? Optional.of(text(where, node, key)) : Optional.empty();
    }

    private static String text(String where, JsonNode node, String key) {
        JsonNode value = node.path(key);
        if (!value.isValueNode() || value.isNull() || value.asString().isBlank()) {
            throw MallardException.configuration(where + "." + key + ": must be a single value such as "
                    + example(key) + ".");
        }
        return value.asString().strip();
    }

    private static String example(String key) {
        return switch (key) {
            case "url" -> "https://api.example.com";
            case "duckdb" -> "/srv/data/finance.duckdb";
            case "format" -> "csv";
            case "every", "stale-after" -> "1h";
            case "paginate" -> "page:page:per_page:100";
            case "records" -> "data.items";
            case "auth-header" -> "Authorization";
            case "secret-env" -> "SHOP_TOKEN";
            default -> "/v1/orders?status=open";
        };
    }
}
