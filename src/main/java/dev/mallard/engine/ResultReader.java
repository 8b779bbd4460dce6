package dev.mallard.engine;

import dev.mallard.engine.values.ColumnEncoder;
import dev.mallard.engine.values.ColumnEncoders;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a streaming result up to the row and character caps. When rows are left over, it either
 * keeps them in a snapshot for paging (when asked to) or counts them (without converting values)
 * for a short while, so the caller can say how many there were in all.
 */
final class ResultReader {
    private static final Logger log = LoggerFactory.getLogger(ResultReader.class);
    /** Room left in the character budget for the columns, counts, cursor and notice around the rows. */
    private static final int ENVELOPE_CHARS = 600;

    private final JsonMapper mapper;
    private final Duration countBudget;

    ResultReader(JsonMapper mapper, Duration countBudget) {
        this.mapper = mapper;
        this.countBudget = countBudget;
    }

    /**
     * Where to keep the rows after the first page.
     *
     * @param deadlineNanos when reading into the snapshot stops, on {@link System#nanoTime()}'s scale
     */
    record Keeping(ResultSnapshots snapshots, ResultSnapshots.Origin origin, long deadlineNanos) {}

    /** The characters the rows of one page may take, out of a result's character cap. */
    static int rowBudget(int maxChars, int columnsChars) {
        return maxChars - ENVELOPE_CHARS - columnsChars;
    }

    QueryResult read(ResultSet rs, int maxRows, int maxChars, long startNanos) throws SQLException {
        return read(rs, maxRows, maxChars, startNanos, Optional.empty());
    }

    QueryResult read(ResultSet rs, int maxRows, int maxChars, long startNanos, Optional<Keeping> keeping)
            throws SQLException {
        List<ResultColumn> columns = columns(rs.getMetaData());
        ColumnEncoder[] encoders = columns.stream().map(c -> ColumnEncoders.forType(c.type()))
                .toArray(ColumnEncoder[]::new);
        int columnsChars = mapper.writeValueAsString(columns).length();
        int budget = rowBudget(maxChars, columnsChars);
        List<List<Object>> rows = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        int used = 0;
        QueryResult.Truncation truncation = QueryResult.Truncation.NONE;
        String leftOver = null;
        long seen = 0;
        while (rs.next()) {
            seen++;
            if (rows.size() == maxRows) {
                truncation = QueryResult.Truncation.MAX_ROWS;
                break;
            }
            List<Object> row = readRow(rs, encoders);
            String json = mapper.writeValueAsString(row);
            if (used + json.length() + 1 > budget) {
                truncation = QueryResult.Truncation.MAX_CHARS;
                leftOver = json;
                break;
            }
            used += json.length() + 1;
            rows.add(row);
            rendered.add(json);
        }
        OptionalLong total;
        Optional<String> cursor = Optional.empty();
        if (truncation == QueryResult.Truncation.NONE) {
            total = OptionalLong.of(seen);
        } else if (keeping.isPresent() && !rows.isEmpty()) {
            // The rows after this page are read now, in the same transaction: every page shows one result.
            Kept kept = keepRest(rs, encoders, leftOver, columns, columnsChars, rows.size(), keeping.get());
            total = kept.totalRows();
            cursor = kept.cursor();
        } else {
            total = countRemaining(rs, seen);
        }
        return new QueryResult(columns, rows, rendered, truncation, total, OptionalLong.empty(),
                Duration.ofNanos(System.nanoTime() - startNanos), cursor);
    }

    private record Kept(Optional<String> cursor, OptionalLong totalRows) {}

    /**
     * Writes the current row (already encoded when it was the one that passed the character cap) and
     * every row after it into a snapshot, up to the per-result cap and the deadline.
     */
    private Kept keepRest(ResultSet rs, ColumnEncoder[] encoders, String leftOver, List<ResultColumn> columns,
            int columnsChars, long firstRow, Keeping keeping) throws SQLException {
        try (SnapshotWriter writer = keeping.snapshots().writer()) {
            String json = leftOver != null ? leftOver : mapper.writeValueAsString(readRow(rs, encoders));
            ResultSnapshot.End end = ResultSnapshot.End.COMPLETE;
            while (true) {
                boolean added;
                try {
                    added = writer.add(json);
                } catch (UncheckedIOException e) {
                    // The disk is full or unwritable: the query still answers, only without a cursor.
                    log.warn("Could not keep a result for paging: {}", e.getCause().getMessage());
                    return new Kept(Optional.empty(), countRemaining(rs, firstRow + writer.rows() + 1));
                }
                if (!added) {
                    end = ResultSnapshot.End.SIZE_CAP;
                    break;
                }
                if (!rs.next()) {
                    break;
                }
                if ((writer.rows() & 1023) == 0 && System.nanoTime() > keeping.deadlineNanos()) {
                    end = ResultSnapshot.End.TIME_CAP;
                    break;
                }
                json = mapper.writeValueAsString(readRow(rs, encoders));
            }
            long read = firstRow + writer.rows();
            OptionalLong total = switch (end) {
                case COMPLETE -> OptionalLong.of(read);
                case SIZE_CAP -> countRemaining(rs, read + 1);
                case TIME_CAP -> OptionalLong.empty();
            };
            ResultSnapshot snapshot = writer.finish(columns, columnsChars, firstRow, end, total);
            return new Kept(keeping.snapshots().keep(snapshot, keeping.origin()), total);
        }
    }

    private OptionalLong countRemaining(ResultSet rs, long seen) throws SQLException {
        long deadline = System.nanoTime() + countBudget.toNanos();
        long count = seen;
        while (rs.next()) {
            count++;
            if ((count & 1023) == 0 && System.nanoTime() > deadline) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(count);
    }

    private static List<Object> readRow(ResultSet rs, ColumnEncoder[] encoders) throws SQLException {
        Object[] values = new Object[encoders.length];
        for (int i = 0; i < encoders.length; i++) {
            values[i] = encoders[i].encode(rs, i + 1);
        }
        return Arrays.asList(values);
    }

    private static List<ResultColumn> columns(ResultSetMetaData metaData) throws SQLException {
        List<ResultColumn> columns = new ArrayList<>(metaData.getColumnCount());
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            columns.add(new ResultColumn(metaData.getColumnLabel(i), metaData.getColumnTypeName(i)));
        }
        return columns;
    }
}
