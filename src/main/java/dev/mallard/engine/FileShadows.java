package dev.mallard.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Lets the plan checks see through file sources. A file source's tables are views over
 * {@code read_csv}, {@code read_parquet} or {@code read_json}, and DuckDB cannot serialise a plan
 * that reads files, so {@link PlanAccess} and {@link PiiMasking} could never check a statement that
 * reads one. Each file source therefore has a shadow catalog (never served, never listed, never
 * granted) holding one empty table per view, with the view's columns and types.
 *
 * <p>For planning only ({@link #plan}), {@link #forPlanning} rewrites a statement on DuckDB's parse
 * tree so that every table reference that certainly names a file source's view names its shadow
 * table instead, and {@link #asSources} makes a scan of a shadow table read as a scan of the source
 * in the plan. The statement that runs is the original. A reference that could resolve to something else (a CTE of the
 * same name; {@code x.t} where {@code x} is also a schema; a temporary table) is left alone: its plan
 * still reads files, cannot be serialised, and the statement is refused, as is anything else the
 * rewrite does not know (a view of another database over the source, {@code query_table()}).
 */
final class FileShadows {
    static final FileShadows NONE = new FileShadows(Map.of());
    /** The shadow catalog of source {@code s} is {@code mallard_shadow_s}; no served name may start so. */
    static final String PREFIX = "mallard_shadow_";
    private static final String DESERIALIZE = "SELECT json_deserialize_sql(?::JSON)";
    /** What a one- or two-part name could resolve to besides a source's view. */
    private static final String SCOPE = "SELECT current_database(), "
            + "(SELECT list(lower(schema_name)) FROM duckdb_schemas() "
            + "WHERE database_name IN (current_database(), 'temp', 'system')), "
            + "(SELECT list(lower(table_name)) FROM duckdb_tables() WHERE temporary), "
            + "(SELECT list(lower(view_name)) FROM duckdb_views() WHERE temporary)";

    /** Each file source's tables (views), lower case. */
    private final Map<String, Set<String>> tables;

    FileShadows(Map<String, Set<String>> tables) {
        this.tables = Map.copyOf(tables);
    }

    static String catalog(String source) {
        return PREFIX + source.toLowerCase(Locale.ROOT);
    }

    FileShadows with(String source, Set<String> views) {
        Map<String, Set<String>> changed = new HashMap<>(tables);
        changed.put(source.toLowerCase(Locale.ROOT), views.stream().map(view -> view.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet()));
        return new FileShadows(changed);
    }

    FileShadows without(String source) {
        Map<String, Set<String>> changed = new HashMap<>(tables);
        changed.remove(source.toLowerCase(Locale.ROOT));
        return new FileShadows(changed);
    }

    boolean isFileSource(String name) {
        return tables.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The statement to plan in place of {@code sql}: the same, with every reference that certainly
     * names a file source's table pointing at its shadow table. {@code sql} itself when it names none,
     * which costs a scan of the text for the names of file sources and their tables.
     */
    Planned forPlanning(EngineConnection connection, String sql) throws SQLException {
        Planned unchanged = new Planned(sql, Set.of());
        if (tables.isEmpty() || !mentionsATable(sql.toLowerCase(Locale.ROOT), connection.database())) {
            return unchanged;
        }
        PreparedStatement parse = connection.classifyStatement();
        parse.setString(1, sql);
        JsonNode tree;
        try (ResultSet rs = parse.executeQuery()) {
            rs.next();
            tree = StatementClassifier.TREES.readTree(rs.getString(1));
        }
        if (tree.path("error").asBoolean(false)) {
            return unchanged;
        }
        Set<String> cteNames = new HashSet<>();
        List<ObjectNode> references = new ArrayList<>();
        JsonTrees.forEachObject(tree, node -> {
            node.path("cte_map").path("map").values().forEach(
                    entry -> cteNames.add(entry.path("key").asString("").toLowerCase(Locale.ROOT)));
            if (node.path("type").asString("").equals("BASE_TABLE") && node.path("at_clause").isNull()
                    && node instanceof ObjectNode object) {
                references.add(object);
            }
        });
        Scope scope = null;
        Set<String> redirected = new HashSet<>();
        for (ObjectNode reference : references) {
            List<String> path = new ArrayList<>();
            reference.path("qualified_name").path("path").values()
                    .forEach(part -> path.add(part.asString("").toLowerCase(Locale.ROOT)));
            if (path.isEmpty() || path.size() > 3 || (path.size() == 1 && cteNames.contains(path.getFirst()))) {
                continue;
            }
            if (path.size() < 3 && scope == null) {
                scope = Scope.of(connection);
            }
            Optional<String> source = source(path, scope);
            if (source.isPresent()) {
                point(reference, catalog(source.get()), path.getLast());
                redirected.add(source.get());
            }
        }
        if (redirected.isEmpty()) {
            return unchanged;
        }
        return deserialize(connection, tree).map(planned -> new Planned(planned, Set.copyOf(redirected)))
                .orElse(unchanged);
    }

    /**
     * The plan {@code planner} gives for {@code sql} with file sources' tables redirected to their
     * shadow tables, read as a plan over the sources. When planning a redirected statement fails, the
     * shadow tables may predate a change of the files' columns (they are renewed each time the
     * server looks at its sources, not at each change): the redirected sources' shadow tables are
     * renewed on this connection and the statement planned once more.
     */
    JsonNode plan(EngineConnection connection, String sql, Planner planner) throws SQLException {
        Planned planned = forPlanning(connection, sql);
        JsonNode plan = planner.plan(planned.sql());
        if (plan.path("error").asBoolean(false) && !planned.sources().isEmpty() && renew(connection,
                planned.sources())) {
            plan = planner.plan(planned.sql());
        }
        return asSources(plan);
    }

    /** Makes the sources' shadow tables match their views now; false when DuckDB refused (the plan stays refused). */
    private boolean renew(EngineConnection connection, Set<String> sources) {
        try (Statement statement = connection.jdbc().createStatement()) {
            for (String source : sources) {
                for (String table : tables.getOrDefault(source, Set.of())) {
                    statement.execute(renewal(source, table));
                }
            }
            return true;
        } catch (SQLException e) {
            // A transaction that has written elsewhere, or a concurrent renewal: the plan stays refused.
            return false;
        }
    }

    /** The statement that makes the shadow table of {@code source.table} match the view now. */
    static String renewal(String source, String table) {
        return "CREATE OR REPLACE TABLE " + SqlText.identifier(catalog(source)) + ".main." + SqlText.identifier(table)
                + " AS SELECT * FROM " + SqlText.identifier(source) + ".main." + SqlText.identifier(table)
                + " LIMIT 0";
    }

    /** How a caller plans a statement: DuckDB's plan JSON, which says {@code "error": true} when it cannot. */
    interface Planner {
        JsonNode plan(String sql) throws SQLException;
    }

    /** A statement to plan, and the file sources whose tables it was redirected from. */
    record Planned(String sql, Set<String> sources) {}

    /** The file source whose view {@code path} certainly names, if it names one. */
    private Optional<String> source(List<String> path, Scope scope) {
        String table = path.getLast();
        return switch (path.size()) {
            case 3 -> Optional.of(path.getFirst()).filter(source -> path.get(1).equals("main") && has(source, table));
            case 2 -> Optional.of(path.getFirst()).filter(source -> has(source, table)
                    && !scope.schemas().contains(source));
            default -> Optional.of(scope.database()).filter(source -> has(source, table)
                    && !scope.temporary().contains(table));
        };
    }

    private boolean has(String source, String table) {
        return tables.getOrDefault(source, Set.of()).contains(table);
    }

    /**
     * Whether the text names a file source's table: the source and one of its tables, or only a
     * table on the source's own connection, where unqualified names are its tables.
     */
    private boolean mentionsATable(String lowerSql, String database) {
        String own = database.toLowerCase(Locale.ROOT);
        return tables.entrySet().stream().anyMatch(source -> (source.getKey().equals(own)
                || lowerSql.contains(source.getKey())) && source.getValue().stream().anyMatch(lowerSql::contains));
    }

    private static void point(ObjectNode reference, String catalog, String table) {
        ((ObjectNode) reference.get("qualified_name")).putArray("path").add(catalog).add("main").add(table);
        reference.put("catalog_name", catalog);
        reference.put("schema_name", "main");
        reference.put("table_name", table);
    }

    /**
     * The plan with every name of a shadow catalog replaced by its source's name, so a scan of a
     * shadow table is checked as a read of the source (grants, PII columns).
     */
    JsonNode asSources(JsonNode plan) {
        if (tables.isEmpty()) {
            return plan;
        }
        JsonTrees.forEachObject(plan, node -> {
            ObjectNode object = (ObjectNode) node;
            for (String field : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(field);
                if (value.isString()) {
                    sourceOf(value.stringValue()).ifPresent(source -> object.put(field, source));
                } else if (value instanceof ArrayNode array) {
                    for (int i = 0; i < array.size(); i++) {
                        int index = i;
                        if (array.get(i).isString()) {
                            sourceOf(array.get(i).stringValue()).ifPresent(source -> array.set(index,
                                    StringNode.valueOf(source)));
                        }
                    }
                }
            }
        });
        return plan;
    }

    private Optional<String> sourceOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith(PREFIX) && tables.containsKey(lower.substring(PREFIX.length()))
                ? Optional.of(lower.substring(PREFIX.length()))
                : Optional.empty();
    }

    private static Optional<String> deserialize(EngineConnection connection, JsonNode tree) throws SQLException {
        try (PreparedStatement statement = connection.jdbc().prepareStatement(DESERIALIZE)) {
            statement.setString(1, tree.toString());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return Optional.of(rs.getString(1));
            }
        } catch (SQLException e) {
            // Not rewritten: the plan still reads files, and the check refuses it.
            return Optional.empty();
        }
    }

    /** The connection's default database and the names a one- or two-part reference could also mean. */
    private record Scope(String database, Set<String> schemas, Set<String> temporary) {
        static Scope of(EngineConnection connection) throws SQLException {
            try (PreparedStatement statement = connection.jdbc().prepareStatement(SCOPE);
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                Set<String> temporary = new HashSet<>(names(rs, 3));
                temporary.addAll(names(rs, 4));
                return new Scope(rs.getString(1).toLowerCase(Locale.ROOT), names(rs, 2), temporary);
            }
        }

        private static Set<String> names(ResultSet rs, int column) throws SQLException {
            java.sql.Array array = rs.getArray(column);
            if (array == null) {
                return Set.of();
            }
            Set<String> names = new HashSet<>();
            for (Object name : (Object[]) array.getArray()) {
                names.add(String.valueOf(name));
            }
            return names;
        }
    }
}
