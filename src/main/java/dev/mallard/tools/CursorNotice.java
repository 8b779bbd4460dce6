package dev.mallard.tools;

import static dev.mallard.tools.QueryResultView.format;

import dev.mallard.config.CursorSettings;
import dev.mallard.engine.ResultSnapshots;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The message of a page of a paged result: which rows it holds, and how to get the next page or
 * why there is none.
 */
final class CursorNotice {
    private CursorNotice() {}

    /** "rows 201–400 of 50,000", or without the total when it was not counted. */
    static String position(long offset, int rows, OptionalLong total) {
        String of = total.isPresent() ? " of " + format(total.getAsLong()) : " (more exist; the total was not counted)";
        if (rows == 0) {
            return "no rows from row " + format(offset + 1) + of;
        }
        return "rows " + format(offset + 1) + "–" + format(offset + rows) + of;
    }

    /**
     * @param first whether this is the query's first page (it also says how long the cursor lives)
     * @param snapshotTime how long reading a result for paging may take
     */
    static String of(ResultSnapshots.PageEnd end, long offset, int rows, OptionalLong total, String nextCursor,
            int rowsUsed, int maxChars, boolean first, CursorSettings settings, Duration snapshotTime) {
        String shown = "Showing " + position(offset, rows, total);
        String next = "For the next page, call query with cursor=\"" + nextCursor + "\" (sql may be left out)";
        String kept = first ? "; the result is kept as it is now for " + minutes(settings.ttl()) + " after each use" : "";
        return switch (end) {
            case LAST -> "Showing " + position(offset, rows, total) + ": the last page.";
            case MAX_ROWS -> shown + " (max_rows=" + rowsUsed + "). " + next + kept + ". To see fewer pages, raise "
                    + "max_rows or aggregate instead of listing rows.";
            case MAX_CHARS -> shown + ": the page reached the " + format(maxChars) + "-character limit. " + next + kept
                    + ". To fit more rows per page, select fewer columns or shorten long values (e.g. left(col, 100)).";
            case SIZE_CAP -> shown + ". Paging ends here: the server keeps at most "
                    + mebibytes(settings.maxResultBytes()) + " of one result for paging"
                    + (total.isPresent() ? ", and the other " + format(total.getAsLong() - offset - rows)
                            + " rows were not kept" : ", and the rest was not kept")
                    + ". To see them, aggregate, filter (e.g. WHERE on the last value seen here) or select fewer "
                    + "columns.";
            case TIME_CAP -> shown + ". Paging ends here: the rest of the result was not kept, as reading it for "
                    + "paging may take at most " + snapshotTime.toSeconds() + " s. To see more, aggregate or filter "
                    + "(e.g. WHERE on the last value seen here).";
        };
    }

    private static String mebibytes(long bytes) {
        return bytes >= 1 << 20 ? format(bytes >> 20) + " MiB" : format(bytes) + " bytes";
    }

    static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 1 ? minutes + " minute" + (minutes == 1 ? "" : "s")
                : duration.toSeconds() + " second" + (duration.toSeconds() == 1 ? "" : "s");
    }
}
