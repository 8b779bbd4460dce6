package dev.mallard.bench;

import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a workload file (YAML, or JSON, which is YAML too). Every mistake is reported with the
 * entry it is in, so a long file is quick to fix:
 *
 * <pre>
 * name: light
 * entries:
 *   - name: order by id
 *     weight: 10
 *     tool: query
 *     params: { id: "int:1:1200000" }
 *     arguments: { sql: "SELECT order_id, status FROM orders WHERE order_id = ${id}" }
 *     check: { rows: 1, equals: { /rows/0/0: "${id}" } }
 * </pre>
 */
public final class WorkloadFile {
    private static final Set<String> ENTRY_KEYS = Set.of("name", "weight", "tool", "params", "arguments",
            "engine_sql", "check");
    private static final Set<String> CHECK_KEYS = Set.of("rows", "equals", "same_as");

    private WorkloadFile() {}

    static Workload read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw MallardException.invalidArgument("Cannot read workload file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static Workload parse(String text, String source) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(text);
        } catch (JacksonException e) {
            throw MallardException.invalidArgument("Workload file " + source + " is not valid YAML or JSON: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? ""
                            : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject() || !root.path("entries").isArray() || root.path("entries").isEmpty()) {
            throw MallardException.invalidArgument("Workload file " + source + " must be a map with a non-empty list "
                    + "'entries' (and optionally 'name'); see bench/workloads/light.yaml for an example.");
        }
        List<WorkloadEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int number = 0;
        for (JsonNode node : root.path("entries").values()) {
            number++;
            String label = "entry " + number + (node.path("name").isString() ? " ('" + node.path("name").asString() + "')" : "");
            try {
                WorkloadEntry entry = entry(node, number);
                if (!names.add(entry.name())) {
                    throw MallardException.invalidArgument("another entry has the same name; give each a unique name.");
                }
                entries.add(entry);
            } catch (MallardException e) {
                throw MallardException.invalidArgument("Workload file " + source + ", " + label + ": " + e.getMessage());
            }
        }
        String name = root.path("name").asString(fileName(source));
        return new Workload(name, entries);
    }

    private static String fileName(String source) {
        String base = Path.of(source).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }

    private static WorkloadEntry entry(JsonNode node, int number) {
        if (!node.isObject()) {
            throw MallardException.invalidArgument("an entry must be a map with at least 'tool'.");
        }
        requireKnownKeys(node, ENTRY_KEYS, "entry");
        String tool = requiredString(node, "tool");
        String name = node.path("name").asString(tool + " " + number);
        int weight = node.path("weight").asInt(1);
        if (node.has("weight") && (!node.get("weight").isIntegralNumber() || weight < 1)) {
            throw MallardException.invalidArgument("'weight' must be a whole number of at least 1.");
        }
        Map<String, ParameterGenerator> parameters = parameters(node.path("params"));
        Set<String> parameterNames = parameters.keySet();
        JsonNode argumentsNode = node.path("arguments");
        if (!argumentsNode.isMissingNode() && !argumentsNode.isObject()) {
            throw MallardException.invalidArgument("'arguments' must be a map of the tool's arguments.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = argumentsNode.isMissingNode() ? Map.of()
                : (Map<String, Object>) tree(argumentsNode, parameterNames);
        List<Template> engineSql = engineSql(node, tool, parameterNames);
        AnswerCheck check = check(node.path("check"), parameterNames);
        return new WorkloadEntry(name, weight, tool, parameters, arguments, engineSql, check);
    }

    private static Map<String, ParameterGenerator> parameters(JsonNode node) {
        if (node.isMissingNode()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw MallardException.invalidArgument("'params' must map names to int:MIN:MAX or pick:a|b|c.");
        }
        Map<String, ParameterGenerator> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> parameter : node.properties()) {
            parameters.put(parameter.getKey(), ParameterGenerator.parse(parameter.getValue().asString()));
        }
        return parameters;
    }

    /** The engine baseline's SQL: given, or the query tool's own sql argument. */
    private static List<Template> engineSql(JsonNode node, String tool, Set<String> parameters) {
        JsonNode given = node.path("engine_sql");
        if (given.isString()) {
            return List.of(Template.parse(given.asString(), parameters));
        }
        if (given.isArray() && !given.isEmpty()) {
            List<Template> statements = new ArrayList<>();
            for (JsonNode statement : given.values()) {
                statements.add(Template.parse(statement.asString(), parameters));
            }
            return statements;
        }
        JsonNode sql = node.path("arguments").path("sql");
        if (given.isMissingNode() && tool.equals("query") && sql.isString()) {
            return List.of(Template.parse(sql.asString(), parameters));
        }
        throw MallardException.invalidArgument("give 'engine_sql': the DuckDB SQL (one statement or a list) the "
                + "engine baseline runs in place of this " + tool + " call, e.g. a query on duckdb_tables().");
    }

    private static AnswerCheck check(JsonNode node, Set<String> parameters) {
        if (node.isMissingNode()) {
            return AnswerCheck.NONE;
        }
        if (!node.isObject()) {
            throw MallardException.invalidArgument("'check' must be a map with rows, equals and/or same_as.");
        }
        requireKnownKeys(node, CHECK_KEYS, "check");
        Integer rows = null;
        if (node.has("rows")) {
            if (!node.get("rows").isIntegralNumber() || node.get("rows").asInt() < 0) {
                throw MallardException.invalidArgument("check 'rows' must be a whole number (the exact row count).");
            }
            rows = node.get("rows").asInt();
        }
        Map<String, Object> equals = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> expected : node.path("equals").properties()) {
            String pointer = expected.getKey();
            if (!pointer.startsWith("/")) {
                throw MallardException.invalidArgument("check 'equals' keys are JSON pointers into the structured "
                        + "result and start with '/', e.g. /rows/0/0; got '" + pointer + "'.");
            }
            equals.put(pointer, tree(expected.getValue(), parameters));
        }
        AnswerCheck check = new AnswerCheck(rows, equals, sameAs(node.path("same_as"), parameters));
        if (check.isEmpty()) {
            throw MallardException.invalidArgument("the check checks nothing: give rows, equals or same_as.");
        }
        return check;
    }

    private static AnswerCheck.SameAs sameAs(JsonNode node, Set<String> parameters) {
        if (node.isMissingNode()) {
            return null;
        }
        if (node.isString()) {
            return new AnswerCheck.SameAs("/rows", Template.parse(node.asString(), parameters));
        }
        if (node.isObject() && node.path("sql").isString()) {
            String pointer = node.path("at").asString("/rows");
            return new AnswerCheck.SameAs(pointer, Template.parse(node.path("sql").asString(), parameters));
        }
        throw MallardException.invalidArgument("check 'same_as' is a SQL query (compared with /rows) or a map "
                + "{at: /json/pointer, sql: ...}.");
    }

    /** Plain Java values of a JSON tree, strings parsed as templates. */
    private static Object tree(JsonNode node, Set<String> parameters) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                map.put(property.getKey(), tree(property.getValue(), parameters));
            }
            return map;
        }
        if (node.isArray()) {
            return node.values().stream().map(item -> tree(item, parameters)).toList();
        }
        if (node.isString()) {
            return Template.parse(node.asString(), parameters);
        }
        if (node.isNull()) {
            return null;
        }
        return node.isNumber() ? node.numberValue() : node.booleanValue();
    }

    private static String requiredString(JsonNode node, String key) {
        if (!node.path(key).isString() || node.path(key).asString().isBlank()) {
            throw MallardException.invalidArgument("'" + key + "' is missing; name the MCP tool to call, e.g. query.");
        }
        return node.path(key).asString();
    }

    private static void requireKnownKeys(JsonNode node, Set<String> known, String what) {
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                throw MallardException.invalidArgument("unknown " + what + " key '" + key + "'; known keys: "
                        + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        }
    }
}
