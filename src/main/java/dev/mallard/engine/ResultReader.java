package dev.mallard.engine;

import dev.mallard.engine.values.ColumnEncoder;
import dev.mallard.engine.values.ColumnEncoders;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a streaming result up to the row and character caps. When rows are left over it keeps
 * counting them (without converting values) for a short while, so the caller can say how many
 * there were in all.
 */
final class ResultReader {
    /** Room left in the character budget for the columns, counts and notice around the rows. */
    private static final int ENVELOPE_CHARS = 600;

    private final JsonMapper mapper;
    private final Duration countBudget;

    ResultReader(JsonMapper mapper, Duration countBudget) {
        this.mapper = mapper;
        this.countBudget = countBudget;
    }

    QueryResult read(ResultSet rs, int maxRows, int maxChars, long startNanos) throws SQLException {
        List<ResultColumn> columns = columns(rs.getMetaData());
        ColumnEncoder[] encoders = columns.stream().map(c -> ColumnEncoders.forType(c.type()))
                .toArray(ColumnEncoder[]::new);
        int budget = maxChars - ENVELOPE_CHARS - mapper.writeValueAsString(columns).length();
        List<List<Object>> rows = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        int used = 0;
        QueryResult.Truncation truncation = QueryResult.Truncation.NONE;
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
                break;
            }
            used += json.length() + 1;
            rows.add(row);
            rendered.add(json);
        }
        OptionalLong total = truncation == QueryResult.Truncation.NONE
                ? OptionalLong.of(seen)
                : countRemaining(rs, seen);
        return new QueryResult(columns, rows, rendered, truncation, total, OptionalLong.empty(),
                Duration.ofNanos(System.nanoTime() - startNanos));
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
