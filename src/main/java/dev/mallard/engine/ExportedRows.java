package dev.mallard.engine;

import java.util.List;

/** What {@link QueryEngine#export} wrote: how many rows, with which columns. */
public record ExportedRows(long rows, List<ResultColumn> columns) {
    public ExportedRows {
        columns = List.copyOf(columns);
    }
}
