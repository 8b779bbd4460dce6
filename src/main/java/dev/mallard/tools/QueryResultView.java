package dev.mallard.tools;

import dev.mallard.config.CursorSettings;
import dev.mallard.engine.QueryResult;
import dev.mallard.engine.ResultColumn;
import dev.mallard.engine.ResultSnapshots;
import dev.mallard.json.MallardJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;

/**
 * How a query result is shown to an agent: structured content with columns, rows as arrays and
 * counts, plus the same rows as compact text. Whenever rows were left out, the message says so, how
 * many there were, and what to do to see them.
 */
final class QueryResultView {
    /**
     * Reads a kept row back for structured content. Numbers with a fraction are read as decimals, so
     * a DECIMAL keeps its scale (1.50) and a double its digits, as the first page wrote them.
     */
    private static final ObjectReader ROW_READER = MallardJson.mapper().readerFor(List.class)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

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
                .required("truncated", JsonSchemas.bool("True when the query produced more rows than returned here "
                        + "(for a page: rows after it)."))
                .optional("total_rows", JsonSchemas.nullable("integer",
                        "All rows the query produced, when known (it may be unknown for huge results)."))
                .optional("offset", JsonSchemas.integer("Rows of the result before the first row here (0 for the "
                        + "first page); present when the result is paged.", 0))
                .optional("next_cursor", JsonSchemas.string("Pass it as query's cursor argument to get the next "
                        + "page of this same result; absent on the last page."))
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
        return assemble(result, rowsAsked, rowsUsed, messages, notices, withRowsAffected, Map.of());
    }

    /**
     * The first page of a query whose rest may have been kept for paging: with a cursor, the message
     * says which rows these are and how to get the next page.
     *
     * @param snapshotTime how long reading a result for paging may take
     */
    static ToolResult renderFirstPage(QueryResult result, Integer rowsAsked, int rowsUsed, int maxChars,
            CursorSettings cursors, Duration snapshotTime) {
        if (result.nextCursor().isEmpty()) {
            return render(result, rowsAsked, rowsUsed, maxChars, List.of(), false);
        }
        ResultSnapshots.PageEnd end = result.truncation() == QueryResult.Truncation.MAX_ROWS
                ? ResultSnapshots.PageEnd.MAX_ROWS
                : ResultSnapshots.PageEnd.MAX_CHARS;
        String cursor = result.nextCursor().get();
        List<String> messages = new ArrayList<>(List.of(CursorNotice.of(end, 0, result.rowCount(), result.totalRows(),
                cursor, rowsUsed, maxChars, true, cursors, snapshotTime)));
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("offset", 0L);
        paging.put("next_cursor", cursor);
        return assemble(result, rowsAsked, rowsUsed, messages, List.of(), false, paging);
    }

    /** A page read through a cursor; its rows are shown exactly as the first page's were encoded. */
    static ToolResult renderPage(ResultSnapshots.Page page, Integer rowsAsked, int rowsUsed, int maxChars,
            CursorSettings cursors, Duration snapshotTime) {
        List<String> messages = new ArrayList<>(List.of(CursorNotice.of(page.end(), page.offset(), page.rows().size(),
                page.totalRows(), page.nextCursor().orElse(null), rowsUsed, maxChars, false, cursors, snapshotTime)));
        rowsCapNotice(rowsAsked, rowsUsed).ifPresent(messages::add);
        String message = String.join(" ", messages);
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("columns", page.columns());
        structured.put("rows", page.rows().stream().map(QueryResultView::parseRow).toList());
        structured.put("row_count", page.rows().size());
        structured.put("truncated", page.end() != ResultSnapshots.PageEnd.LAST);
        structured.put("total_rows", orNull(page.totalRows()));
        structured.put("offset", page.offset());
        page.nextCursor().ifPresent(cursor -> structured.put("next_cursor", cursor));
        structured.put("message", message);
        return new ToolResult(structured, text(page.columns(), page.rows(), message));
    }

    private static ToolResult assemble(QueryResult result, Integer rowsAsked, int rowsUsed, List<String> messages,
            List<String> notices, boolean withRowsAffected, Map<String, Object> paging) {
        rowsCapNotice(rowsAsked, rowsUsed).ifPresent(messages::add);
        result.rowsAffected().ifPresent(n -> messages.add(count(n, "row") + " changed."));
        messages.addAll(notices);
        String message = String.join(" ", messages);

        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("columns", result.columns());
        structured.put("rows", result.rows());
        structured.put("row_count", result.rowCount());
        structured.put("truncated", result.truncated());
        structured.put("total_rows", orNull(result.totalRows()));
        structured.putAll(paging);
        if (!message.isEmpty()) {
            structured.put("message", message);
        }
        if (withRowsAffected) {
            structured.put("rows_affected", orNull(result.rowsAffected()));
        }
        return new ToolResult(structured, text(result.columns(), result.renderedRows(), message));
    }

    private static List<?> parseRow(String json) {
        return ROW_READER.readValue(json);
    }

    private static Optional<String> rowsCapNotice(Integer rowsAsked, int rowsUsed) {
        if (rowsAsked != null && rowsAsked > rowsUsed) {
            return Optional.of("max_rows=" + rowsAsked + " is above this server's cap of " + rowsUsed
                    + "; returned at most " + rowsUsed + " rows.");
        }
        return Optional.empty();
    }

    private static Optional<String> truncationNotice(QueryResult result, int rowsUsed, int maxChars) {
        return switch (result.truncation()) {
            case NONE -> Optional.empty();
            case MAX_ROWS -> Optional.of(rowsShown(result) + " (max_rows=" + rowsUsed + "). To see others, raise "
                    + "max_rows, page with LIMIT/OFFSET and an ORDER BY, or aggregate instead of listing rows.");
            case MAX_CHARS -> Optional.of(rowsShown(result) + ": the result reached the " + format(maxChars)
                    + "-character limit. Select fewer columns, shorten long values (e.g. left(col, 100)), or page "
                    + "with LIMIT/OFFSET.");
        };
    }

    /** Formatted only for a cut result: String.format costs as much as encoding a short result. */
    private static String rowsShown(QueryResult result) {
        return "Showing the first " + format(result.rowCount()) + (result.totalRows().isPresent()
                ? " of " + format(result.totalRows().getAsLong()) + " rows"
                : " rows (more exist; the total was not counted)");
    }

    private static String text(List<ResultColumn> columns, List<String> rows, String message) {
        StringBuilder text = new StringBuilder();
        if (!columns.isEmpty()) {
            text.append(count(rows.size(), "row")).append(" · columns: ");
            for (int i = 0; i < columns.size(); i++) {
                text.append(i == 0 ? "" : ", ").append(columns.get(i).name()).append(' ').append(columns.get(i).type());
            }
            text.append('\n');
            for (String row : rows) {
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

    /** With thousands separators; a number below 1,000 (most row counts) skips String.format's parsing. */
    static String format(long n) {
        return n > -1000 && n < 1000 ? Long.toString(n) : String.format(Locale.ROOT, "%,d", n);
    }
}
