package dev.mallard.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What DuckDB's planner says a statement does, from {@code EXPLAIN (FORMAT JSON)}: the operation at
 * the root of the plan (INSERT, UPDATE, DELETE, MERGE_INTO, CREATE_TABLE_AS, TRANSACTION, ...) and
 * the tables it scans. EXPLAIN plans without running anything. Some statements (COMMENT ON,
 * TRUNCATE) cannot be explained; their operator is unknown.
 */
record StatementPlan(String operator, Set<String> scannedTables) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static StatementPlan of(Statement statement, String sql) {
        try (ResultSet rs = statement.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
            if (!rs.next()) {
                return unknown();
            }
            JsonNode plan = JSON.readTree(rs.getString(2));
            JsonNode root = plan.isArray() && !plan.isEmpty() ? plan.get(0) : plan;
            Set<String> tables = new LinkedHashSet<>();
            collectTables(root, tables);
            return new StatementPlan(root.path("name").asString("").toUpperCase(Locale.ROOT), Set.copyOf(tables));
        } catch (SQLException | RuntimeException e) {
            return unknown();
        }
    }

    static StatementPlan unknown() {
        return new StatementPlan("", Set.of());
    }

    boolean known() {
        return !operator.isEmpty();
    }

    boolean isTransactionControl() {
        return operator.equals("TRANSACTION");
    }

    /** A label for people: INSERT, UPDATE, CREATE TABLE, ... */
    String label(String sql) {
        return switch (operator) {
            case "" -> SqlLexer.firstWord(sql);
            case "INSERT", "BATCH_INSERT" -> "INSERT";
            case "MERGE_INTO" -> "MERGE";
            case "CREATE_TABLE", "CREATE_TABLE_AS", "BATCH_CREATE_TABLE_AS" -> "CREATE TABLE";
            default -> operator.replace('_', ' ');
        };
    }

    private static void collectTables(JsonNode node, Set<String> tables) {
        JsonNode table = node.path("extra_info").path("Table");
        if (table.isString()) {
            tables.add(table.asString());
        }
        for (JsonNode child : node.path("children")) {
            collectTables(child, tables);
        }
    }
}
