package dev.mallard.engine;

import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks PII columns where the data is read, for a caller without the {@code pii} scope. The query is
 * parsed by DuckDB ({@code json_serialize_sql}); every reference to a table with PII columns, wherever
 * it stands (FROM, joins, CTEs, subqueries, set operations), is replaced by a subquery that reads the
 * table with those columns masked ({@link PiiMask#expression}); DuckDB turns the tree back into SQL
 * ({@code json_deserialize_sql}). Whatever the query then does with a column (lower(), CAST,
 * string_agg, regexp_extract) it does to the masked value.
 *
 * <p>The rewrite is then proven on DuckDB's bound, unoptimised plan of the rewritten SQL: every scan
 * of a PII table must feed a projection in which each PII column is read only inside the masking
 * expression (recognised by the secret salt it carries). A table reached any other way (a view, a
 * table function such as {@code query_table()}, a construct the rewrite does not know) fails that
 * proof and the query is refused: what cannot be proven masked does not run.
 */
final class PiiMasking {
    private static final String SERIALIZE = "SELECT json_serialize_sql(?::VARCHAR)";
    private static final String DESERIALIZE = "SELECT json_deserialize_sql(?::JSON)";
    private static final String PLAN = "SELECT json_serialize_plan(?::VARCHAR, optimize := false)";
    /** DuckDB's excerpt of the failing statement in an error ({@code LINE 1: ...}) and the caret line under it. */
    private static final Pattern ERROR_EXCERPT = Pattern.compile("(?m)^LINE \\d+:.*(\\R[ \\t]*\\^+[ \\t]*$)?");
    private static final String NO_PII_SCOPE = " Personal data is shown only to callers with the 'pii' scope.";

    private PiiMasking() {}

    /** The SQL to run instead of {@code sql}: the same query reading every PII column masked, proven so. */
    static String rewrite(EngineConnection connection, String sql, PiiMask mask) throws SQLException {
        if (mask.isEmpty()) {
            return sql;
        }
        JsonNode tree = json(connection, SERIALIZE, sql);
        String masked = sql;
        if (!tree.path("error").asBoolean(false)) {
            Set<String> cteNames = new HashSet<>();
            JsonTrees.forEachObject(tree, node -> node.path("cte_map").path("map").values().forEach(
                    entry -> cteNames.add(entry.path("key").asString("").toLowerCase(Locale.ROOT))));
            List<ObjectNode> references = new ArrayList<>();
            JsonTrees.forEachObject(tree, node -> {
                if (node.path("type").asString("").equals("BASE_TABLE") && node instanceof ObjectNode object) {
                    references.add(object);
                }
            });
            boolean changed = false;
            for (ObjectNode reference : references) {
                changed |= maskReference(connection, reference, mask, cteNames);
            }
            if (changed) {
                masked = deserialize(connection, tree, mask);
            }
        }
        prove(connection, sql, masked, mask);
        return masked;
    }

    /** Refuses a statement that reads or changes a PII table at all (query_rw and its previews show rows). */
    static void refuseIfReads(EngineConnection connection, String sql, PiiMask mask) throws SQLException {
        if (mask.isEmpty()) {
            return;
        }
        JsonNode plan = plan(connection, sql);
        if (plan.path("error").asBoolean(false)) {
            String lower = sql.toLowerCase(Locale.ROOT);
            if (mask.coveredTables().stream().anyMatch(table -> lower.contains(table.get(2)))) {
                throw refusal("Mallard cannot check which tables this statement reads, and it names a table with "
                        + "PII columns.");
            }
            return;
        }
        JsonTrees.forEachObject(plan, node -> {
            JsonNode path = node.path("qualified_name").path("path");
            Optional<List<String>> table = path.size() == 3
                    ? Optional.of(PiiMask.key(path.get(0).asString(""), path.get(1).asString(""),
                            path.get(2).asString("")))
                    : Optional.empty();
            if (table.isPresent() && mask.covers(table.get())) {
                throw refusal("This statement reads or changes " + String.join(".", table.get()) + ", which has PII "
                        + "columns, and changes and their previews show rows unmasked. Read that table with query (PII "
                        + "columns come back masked), or ask an administrator for the 'pii' scope.");
            }
        });
    }

    private static boolean maskReference(EngineConnection connection, ObjectNode reference, PiiMask mask,
            Set<String> cteNames) throws SQLException {
        List<String> path = new ArrayList<>();
        reference.path("qualified_name").path("path").values().forEach(part -> path.add(part.asString("")));
        if (path.isEmpty() || (path.size() == 1 && cteNames.contains(path.getFirst().toLowerCase(Locale.ROOT)))
                || !reference.path("at_clause").isNull()) {
            return false;
        }
        if (!mask.mayName(path.getLast())) {
            // No PII table has this name: nothing to rewrite (a view of that name over a PII table is
            // still caught by the proof, which plans the whole statement).
            return false;
        }
        String name = path.stream().map(SqlText::identifier).collect(Collectors.joining("."));
        Optional<Scan> scan = directTable(connection, name)
                .filter(scanned -> scanned.table().get(2).equals(path.getLast().toLowerCase(Locale.ROOT)));
        // A view scans a table of another name; it is left as it is, and the proof refuses it.
        if (scan.isEmpty() || !mask.covers(scan.get().table())) {
            return false;
        }
        List<String> table = scan.get().table();
        Set<String> pii = mask.of(table, scan.get().columns());
        String replace = pii.stream().sorted().map(column -> mask.expression(column) + " AS "
                + SqlText.identifier(column)).collect(Collectors.joining(", "));
        String qualified = table.stream().map(SqlText::identifier).collect(Collectors.joining("."));
        String alias = reference.path("alias").asString("");
        JsonNode subquery = json(connection, SERIALIZE, "SELECT * FROM (SELECT * REPLACE (" + replace + ") FROM "
                + qualified + ") AS " + SqlText.identifier(alias.isEmpty() ? path.getLast() : alias))
                .path("statements").path(0).path("node").path("from_table");
        ObjectNode replacement = (ObjectNode) subquery.deepCopy();
        replacement.set("column_name_alias", reference.path("column_name_alias"));
        replacement.set("sample", reference.path("sample"));
        reference.removeAll();
        reference.setAll(replacement);
        return true;
    }

    /** A table DuckDB scans (database, schema, name) and its columns, all lower case. */
    private record Scan(List<String> table, List<String> columns) {}

    /** The table a name in FROM stands for, when it is one table that DuckDB scans directly. */
    private static Optional<Scan> directTable(EngineConnection connection, String name) throws SQLException {
        JsonNode plan = plan(connection, "SELECT * FROM " + name);
        if (plan.path("error").asBoolean(false)) {
            return Optional.empty();
        }
        List<Scan> scans = new ArrayList<>();
        JsonTrees.forEachObject(plan,
                node -> scanned(node).ifPresent(table -> scans.add(new Scan(table, columnNames(node)))));
        return scans.size() == 1 ? Optional.of(scans.getFirst()) : Optional.empty();
    }

    /** The names of the columns of the table a scan reads, lower case, in the table's order. */
    private static List<String> columnNames(JsonNode scan) {
        List<String> names = new ArrayList<>();
        scan.path("names").values().forEach(name -> names.add(name.asString("").toLowerCase(Locale.ROOT)));
        return names;
    }

    /** Checks that every scan of a PII table is read through the masking projection. */
    private static void prove(EngineConnection connection, String asked, String sql, PiiMask mask)
            throws SQLException {
        JsonNode plan = plan(connection, sql);
        if (plan.path("error").asBoolean(false)) {
            JsonNode original = plan(connection, asked);
            if (original.path("error_type").asString("").equals("not implemented")) {
                // A plan that reads files (a table function, or a view of another database over a file
                // source) cannot be serialised, so the masking cannot be proven.
                throw refusal("This query reads files in a way Mallard cannot check for PII columns (a table "
                        + "function such as query_table() or read_csv(), or a view over a file source). Name the "
                        + "source's table itself in FROM.");
            }
            if (original.path("error").asBoolean(false)) {
                // The query is wrong as written: the agent gets DuckDB's message about its own SQL.
                throw new SQLException(original.path("error_message").asString(""));
            }
            throw refusal("Mallard must prove that PII columns are masked before it runs a query for you, and "
                    + "DuckDB cannot plan this statement once masked (a PII column reads as a text hash, whatever "
                    + "its type, so its list elements or struct fields cannot be reached: "
                    + withoutRewrite(plan.path("error_message").asString(""), mask) + "). Write it as a plain SELECT.");
        }
        List<List<String>> piiScans = new ArrayList<>();
        List<JsonNode> masked = new ArrayList<>();
        JsonTrees.forEachObject(plan, node -> {
            scanned(node).filter(mask::covers).ifPresent(piiScans::add);
            for (JsonNode child : node.path("children").values()) {
                Optional<List<String>> table = scanned(child);
                if (table.isPresent() && mask.covers(table.get())
                        && masksEveryPiiColumn(node, child, column -> mask.masks(table.get(), column), mask.salt())) {
                    masked.add(child);
                }
            }
        });
        if (masked.size() != piiScans.size()) {
            throw refusal("This query reads " + piiScans.stream().map(table -> String.join(".", table)).distinct()
                    .collect(Collectors.joining(", ")) + ", which has PII columns, in a way Mallard cannot mask (a "
                    + "view, a table function such as query_table(), or a time-travel clause). Name the table "
                    + "itself in FROM.");
        }
    }

    /**
     * Whether {@code parent} is a projection over the scan in which every expression that reads a PII
     * column carries the salt, that is, is the masking expression.
     */
    private static boolean masksEveryPiiColumn(JsonNode parent, JsonNode scan, Predicate<String> pii, String salt) {
        if (!parent.path("type").asString("").equals("LOGICAL_PROJECTION") || parent.path("children").size() != 1) {
            return false;
        }
        List<String> names = columnNames(scan);
        List<String> read = new ArrayList<>();
        for (JsonNode index : scan.path("column_indexes").values()) {
            int column = index.path("index").asInt(-1);
            read.add(column >= 0 && column < names.size() ? names.get(column) : "");
        }
        for (JsonNode expression : parent.path("expressions").values()) {
            Set<Integer> refs = new HashSet<>();
            JsonTrees.forEachObject(expression, node -> {
                if (node.path("expression_class").asString("").startsWith("BOUND_")
                        && node.path("type").asString("").equals("BOUND_REF")) {
                    refs.add(node.path("index").asInt(-1));
                }
                if (node.path("type").asString("").equals("BOUND_COLUMN_REF")) {
                    refs.add(-1);
                }
            });
            boolean readsPii = refs.stream().anyMatch(ref -> ref < 0 || ref >= read.size() || pii.test(read.get(ref)));
            if (readsPii && !expression.toString().contains(salt)) {
                return false;
            }
        }
        return true;
    }

    /** The table (database, schema, name, lower case) a plan operator scans, when it is a table scan. */
    private static Optional<List<String>> scanned(JsonNode node) {
        if (!node.path("type").asString("").equals("LOGICAL_GET")) {
            return Optional.empty();
        }
        JsonNode data = node.path("function_data");
        if (!data.path("table").isString()) {
            return Optional.empty();
        }
        return Optional.of(PiiMask.key(data.path("catalog").asString(""), data.path("schema").asString(""),
                data.path("table").asString("")));
    }

    private static String deserialize(EngineConnection connection, JsonNode tree, PiiMask mask)
            throws SQLException {
        try {
            PreparedStatement statement = connection.helper(DESERIALIZE);
            statement.setString(1, tree.toString());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw refusal("Mallard masks PII columns by rewriting the query, and DuckDB cannot write this query "
                    + "back as SQL (" + withoutRewrite(SqlText.engineMessage(e), mask) + "). Write it more plainly (no "
                    + "PIVOT or exotic clauses).");
        }
    }

    /**
     * The error of running {@code run}, the masked form of {@code asked}, as the caller may see it:
     * DuckDB quotes the failing statement after {@code LINE n:}, and the masked statement carries the
     * salt, which would let the caller compute the hash of a guessed value. That quotation is dropped
     * and the salt blotted out of what remains.
     */
    static SQLException hideRewrite(SQLException error, String asked, String run, PiiMask mask) {
        if (run.equals(asked)) {
            return error;
        }
        return new SQLException(withoutRewrite(SqlText.engineMessage(error), mask), error.getSQLState());
    }

    private static String withoutRewrite(String message, PiiMask mask) {
        String kept = ERROR_EXCERPT.matcher(message).replaceAll("").strip();
        return mask.salt().isEmpty() ? kept : kept.replace(mask.salt(), "(salt)");
    }

    /** DuckDB's bound, unoptimised plan, planned over the shadow tables of file sources it names. */
    private static JsonNode plan(EngineConnection connection, String sql) throws SQLException {
        return connection.shadows().plan(connection, sql, planned -> json(connection, PLAN, planned));
    }

    private static JsonNode json(EngineConnection connection, String query, String argument) throws SQLException {
        PreparedStatement statement = connection.helper(query);
        statement.setString(1, argument);
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return StatementClassifier.TREES.readTree(rs.getString(1));
        }
    }

    private static MallardException refusal(String message) {
        return new MallardException(ErrorCode.NOT_GRANTED, message + NO_PII_SCOPE);
    }
}
