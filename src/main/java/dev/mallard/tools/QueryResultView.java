package dev.mallard.tools;

import dev.mallard.engine.QueryResult;
import dev.mallard.engine.ResultColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How a query result is shown to an agent: structured content with columns, rows as arrays and
 * counts, plus the same rows as compact text. Whenever rows were left out, the message says so, how
 * many there were, and what to do to see them.
 */
final class QueryResultView {
    private QueryResultView() {}

    static Map<String, Object> outputSchema(boolean withRowsAffected) {
        JsonSchemas.ObjectBuilder schema = JsonSchemas.object()
                .required("columns", JsonSchemas.arrayOf(JsonSchemas.object()
                        .required("name", JsonSchemas.string("Column name"))
                        .required("type", JsonSchemas.string("DuckDB type, e.g. BIGINT, DECIMAL(10,2), VARCHAR[]"))
                        .build(null), "The result columns, in row order."))
                .required("rows", JsonSchemas.arrayOf(Map.of("type", "array"),
                        "One array per row. Dates, times and intervals are ISO-8601 strings, BLOBs base64, "
                                + "nested types JSON arrays/objects; integers beyond 2^53 and decimals with more "
                                + "than 15 digits are strings so no digit is lost; NaN and Infinity are strings."))
                .required("row_count", JsonSchemas.integer("Rows in this result.", 0))
                .required("truncated", JsonSchemas.bool("True when the query produced more rows than returned here."))
                .optional("total_rows", JsonSchemas.nullable("integer",
                        "All rows the query produced, when known (it may be unknown for huge results)."))
                .optional("message", JsonSchemas.string("What was left out and how to get it, or what changed."));
        if (withRowsAffected) {
            schema.optional("rows_affected", JsonSchemas.nullable("integer",
                    "Rows inserted, updated or deleted, all statements together."));
            schema.optional("statements", JsonSchemas.arrayOf(Map.of("type", "object"),
                    "Per statement: {index, kind, sql, rows_affected}; columns and rows are what the last one returned."));
        }
        return schema.build(null);
    }

    /**
     * @param rowsAsked the max_rows the caller passed, if any
     * @param rowsUsed the row limit that applied
     * @param notices messages to add after the truncation notice
     */
    static ToolResult render(QueryResult result, Integer rowsAsked, int rowsUsed, int maxChars, List<String> notices,
            boolean withRowsAffected) {
        List<String> messages = new ArrayList<>();
        truncationNotice(result, rowsUsed, maxChars).ifPresent(messages::add);
        if (rowsAsked != null && rowsAsked > rowsUsed) {
            messages.add("max_rows=" + rowsAsked + " is above this server's cap of " + rowsUsed
                    + "; returned at most " + rowsUsed + " rows.");
        }
        result.rowsAffected().ifPresent(n -> messages.add(count(n, "row") + " changed."));
        messages.addAll(notices);
        String message = String.join(" ", messages);

        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("columns", result.columns());
        structured.put("rows", result.rows());
        structured.put("row_count", result.rowCount());
        structured.put("truncated", result.truncated());
        structured.put("total_rows", orNull(result.totalRows()));
        if (!message.isEmpty()) {
            structured.put("message", message);
        }
        if (withRowsAffected) {
            structured.put("rows_affected", orNull(result.rowsAffected()));
        }
        return new ToolResult(structured, text(result, message));
    }

    private static java.util.Optional<String> truncationNotice(QueryResult result, int rowsUsed, int maxChars) {
        String total = result.totalRows().isPresent()
                ? " of " + format(result.totalRows().getAsLong())
                : "";
        String more = result.totalRows().isPresent() ? "" : " (more exist; the total was not counted)";
        return switch (result.truncation()) {
            case NONE -> java.util.Optional.empty();
            case MAX_ROWS -> java.util.Optional.of("Showing the first " + format(result.rowCount()) + total + " rows"
                    + more + " (max_rows=" + rowsUsed + "). To see others, raise max_rows, page with "
                    + "LIMIT/OFFSET and an ORDER BY, or aggregate instead of listing rows.");
            case MAX_CHARS -> java.util.Optional.of("Showing the first " + format(result.rowCount()) + total + " rows"
                    + more + ": the result reached the " + format(maxChars) + "-character limit. Select fewer "
                    + "columns, shorten long values (e.g. left(col, 100)), or page with LIMIT/OFFSET.");
        };
    }

    private static String text(QueryResult result, String message) {
        StringBuilder text = new StringBuilder();
        if (!result.columns().isEmpty()) {
            text.append(count(result.rowCount(), "row")).append(" · columns: ");
            List<ResultColumn> columns = result.columns();
            for (int i = 0; i < columns.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(columns.get(i).name()).append(' ').append(columns.get(i).type());
            }
            text.append('\n');
            for (String row : result.renderedRows()) {
                text.append(row).append('\n');
            }
        }
        if (!message.isEmpty()) {
            text.append(message);
        }
        // A statement with neither rows nor a row count (CREATE, DROP, ...) still gets an answer in text.
        return text.isEmpty() ? "Done." : text.toString().strip();
    }

    /** A count for structured content: null (JSON null) when it is not known. */
    static Long orNull(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    static String count(long n, String noun) {
        return format(n) + " " + noun + (n == 1 ? "" : "s");
    }

    static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
