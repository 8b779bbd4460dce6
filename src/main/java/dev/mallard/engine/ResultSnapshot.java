package dev.mallard.engine;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rows of a truncated result after its first page, each encoded exactly as the first page
 * encoded it (compact JSON, one row per line), so later calls page through the very same result.
 * Small snapshots live in memory; larger ones in a file. Immutable once written.
 */
final class ResultSnapshot {
    /** Every this many rows the byte position of a row is remembered, so a page starts close to its row. */
    static final int CHECKPOINT_ROWS = 1024;

    /** Why the kept rows end where they do. */
    enum End {
        /** They run to the end of the result. */
        COMPLETE,
        /** The per-result size cap was reached; later rows were not kept. */
        SIZE_CAP,
        /** Reading took as long as a snapshot may take; later rows were not kept. */
        TIME_CAP
    }

    private final List<ResultColumn> columns;
    private final int columnsChars;
    private final long firstRow;
    private final long rowCount;
    private final long[] checkpoints;
    private final long bytes;
    private final Optional<byte[]> memory;
    private final Optional<Path> file;
    private final End end;
    private final OptionalLong totalRows;

    ResultSnapshot(List<ResultColumn> columns, int columnsChars, long firstRow, long rowCount, long[] checkpoints,
            long bytes, Optional<byte[]> memory, Optional<Path> file, End end, OptionalLong totalRows) {
        this.columns = List.copyOf(columns);
        this.columnsChars = columnsChars;
        this.firstRow = firstRow;
        this.rowCount = rowCount;
        this.checkpoints = checkpoints;
        this.bytes = bytes;
        this.memory = memory;
        this.file = file;
        this.end = end;
        this.totalRows = totalRows;
    }

    /**
     * One page of kept rows.
     *
     * @param offset the index in the whole result of the page's first row
     * @param stop why the page ends: NONE when it reaches the end of the kept rows
     */
    record Page(List<String> rows, long offset, QueryResult.Truncation stop) {
        long nextOffset() {
            return offset + rows.size();
        }
    }

    /** Rows from {@code offset} (an index in the whole result), up to the row and character caps. */
    Page page(long offset, int maxRows, int maxChars) throws IOException {
        long index = offset - firstRow;
        if (index < 0 || index > rowCount) {
            throw new IllegalArgumentException("Offset " + offset + " is outside the snapshot");
        }
        if (index == rowCount) {
            return new Page(List.of(), offset, QueryResult.Truncation.NONE);
        }
        int budget = ResultReader.rowBudget(maxChars, columnsChars);
        List<String> rows = new ArrayList<>();
        QueryResult.Truncation stop = QueryResult.Truncation.NONE;
        try (BufferedReader lines = linesFrom(checkpoints[(int) (index / CHECKPOINT_ROWS)])) {
            for (long skip = index % CHECKPOINT_ROWS; skip > 0; skip--) {
                lines.readLine();
            }
            int used = 0;
            for (long row = index; row < rowCount; row++) {
                if (rows.size() == maxRows) {
                    stop = QueryResult.Truncation.MAX_ROWS;
                    break;
                }
                String json = lines.readLine();
                if (used + json.length() + 1 > budget) {
                    stop = QueryResult.Truncation.MAX_CHARS;
                    break;
                }
                used += json.length() + 1;
                rows.add(json);
            }
        }
        return new Page(rows, offset, stop);
    }

    private BufferedReader linesFrom(long position) throws IOException {
        if (memory.isPresent()) {
            byte[] data = memory.get();
            return new BufferedReader(new InputStreamReader(
                    new ByteArrayInputStream(data, (int) position, data.length - (int) position),
                    StandardCharsets.UTF_8));
        }
        FileChannel channel = FileChannel.open(file.orElseThrow(), StandardOpenOption.READ);
        channel.position(position);
        return new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8));
    }

    List<ResultColumn> columns() {
        return columns;
    }

    /** The index in the whole result of the first kept row: the rows of the first page come before it. */
    long firstRowIndex() {
        return firstRow;
    }

    /** The index in the whole result just past the last kept row. */
    long endRow() {
        return firstRow + rowCount;
    }

    End end() {
        return end;
    }

    OptionalLong totalRows() {
        return totalRows;
    }

    long bytes() {
        return bytes;
    }

    /** The characters of the columns' JSON, which the snapshot keeps with its rows. */
    int columnsChars() {
        return columnsChars;
    }

    boolean inMemory() {
        return memory.isPresent();
    }

    Optional<Path> file() {
        return file;
    }

    /** Removes the snapshot's file, if it has one. */
    void delete() {
        file.ifPresent(path -> {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
