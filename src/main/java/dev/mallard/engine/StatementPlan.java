package dev.mallard.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What DuckDB's planner says a statement does, from {@code EXPLAIN (FORMAT JSON)}: the operation at
 * the root of the plan (INSERT, UPDATE, DELETE, MERGE_INTO, CREATE_TABLE_AS, TRANSACTION, ...), every
 * operator and table function below it, and the tables it scans. EXPLAIN plans without running
 * anything. Some statements (COMMENT ON, TRUNCATE, PRAGMA) cannot be explained; their plan is unknown
 * and {@code error} says why.
 */
record StatementPlan(String operator, Set<String> operators, Set<String> scannedTables, String error) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static StatementPlan of(Statement statement, String sql) {
        try (ResultSet rs = statement.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
            if (!rs.next()) {
                return unknown("EXPLAIN returned no plan");
            }
            JsonNode plan = JSON.readTree(rs.getString(2));
            JsonNode root = plan.isArray() && !plan.isEmpty() ? plan.get(0) : plan;
            Set<String> operators = new LinkedHashSet<>();
            Set<String> tables = new LinkedHashSet<>();
            collect(root, operators, tables);
            return new StatementPlan(root.path("name").asString("").toUpperCase(Locale.ROOT), Set.copyOf(operators),
                    Set.copyOf(tables), null);
        } catch (SQLException e) {
            return unknown(SqlText.engineMessage(e));
        } catch (RuntimeException e) {
            return unknown("the plan could not be read");
        }
    }

    static StatementPlan unknown(String error) {
        return new StatementPlan("", Set.of(), Set.of(), error);
    }

    boolean known() {
        return !operator.isEmpty();
    }

    boolean isTransactionControl() {
        return operator.equals("TRANSACTION");
    }

    /** The first operator or table function in the plan whose work escapes the transaction, if any. */
    Optional<String> outsideTransaction() {
        return operators.stream().filter(OutsideTransaction.FUNCTIONS::containsKey).findFirst();
    }

    /** Whether the plan lists the statements prepared on the connection (see {@link EngineConnection}). */
    boolean listsKeptStatements() {
        return operators.contains(EngineConnection.LISTS_KEPT_STATEMENTS);
    }

    /** Whether the plan writes a file: COPY ... TO in any of its forms. */
    boolean writesFile() {
        return operators.stream().anyMatch(operator -> operator.endsWith("copy_to_file"));
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

    private static void collect(JsonNode node, Set<String> operators, Set<String> tables) {
        operators.add(node.path("name").asString("").toLowerCase(Locale.ROOT));
        JsonNode function = node.path("extra_info").path("Function");
        if (function.isString()) {
            operators.add(function.asString().toLowerCase(Locale.ROOT));
        }
        JsonNode table = node.path("extra_info").path("Table");
        if (table.isString()) {
            tables.add(table.asString());
        }
        for (JsonNode child : node.path("children")) {
            collect(child, operators, tables);
        }
    }
}
