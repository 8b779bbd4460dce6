package dev.mallard.engine;

import java.util.List;
import java.util.Map;

/**
 * What a change did, or would do: per statement, and per table with sample rows before and after.
 *
 * @param fingerprints the row count and content hash of every table the statements read or write,
 *     taken before the change touched it; a later apply compares them
 */
public record ChangeReport(List<StatementResult> statements, List<TableDiff> tables, List<SchemaChange> schema,
        Map<String, String> fingerprints) {

    /**
     * One statement.
     *
     * @param kind DuckDB's name for the operation (INSERT, UPDATE, DELETE, MERGE, CREATE TABLE, ...)
     * @param rowsAffected rows inserted, updated or deleted, when DuckDB reports a count
     * @param returned rows the statement returned (RETURNING, or a query), if any
     */
    public record StatementResult(int index, String sql, String kind, Long rowsAffected, QueryResult returned) {}

    /** How the rows of one table changed, with a few examples. */
    public record TableDiff(String table, List<String> columns, long inserted, long updated, long deleted,
            List<RowChange> samples) {}

    /** One changed row: {@code before} is null for an insert, {@code after} for a delete. */
    public record RowChange(String change, List<Object> before, List<Object> after) {}

    /** A change to the schema: a table, view or schema created, dropped or altered. */
    public record SchemaChange(String object, String change, List<String> details) {}

    public List<Long> rowsAffected() {
        return statements.stream().map(StatementResult::rowsAffected).toList();
    }
}
