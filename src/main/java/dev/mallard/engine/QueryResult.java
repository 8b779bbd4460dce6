package dev.mallard.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a query returned, already capped.
 *
 * @param rows the rows kept, each a list of JSON-ready values
 * @param renderedRows the same rows, each as compact JSON text
 * @param truncation what, if anything, cut the rows short
 * @param totalRows the full row count when it is known
 * @param rowsAffected rows changed by a write, when the statement reports it
 * @param nextCursor the cursor of the rows after these, when the rest was kept for paging
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, List<String> renderedRows,
        Truncation truncation, OptionalLong totalRows, OptionalLong rowsAffected, Duration elapsed,
        Optional<String> nextCursor) {

    /** Why a result holds fewer rows than the query produced. */
    public enum Truncation {
        NONE,
        MAX_ROWS,
        MAX_CHARS
    }

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        renderedRows = List.copyOf(renderedRows);
    }

    /** The result of a statement that returned no rows (DDL, or a write without RETURNING). */
    public static QueryResult noRows(OptionalLong rowsAffected, Duration elapsed) {
        return new QueryResult(List.of(), List.of(), List.of(), Truncation.NONE, OptionalLong.of(0), rowsAffected,
                elapsed, Optional.empty());
    }

    public boolean truncated() {
        return truncation != Truncation.NONE;
    }

    public int rowCount() {
        return rows.size();
    }
}
