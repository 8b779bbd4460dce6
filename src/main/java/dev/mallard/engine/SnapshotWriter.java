package dev.mallard.engine;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes the encoded rows of a snapshot, one line each: in memory while they are small, then into a
 * file of their own. Refuses a row that would pass the per-result cap. A writer that is closed
 * without {@link #finish} leaves nothing behind.
 */
final class SnapshotWriter implements AutoCloseable {
    private static final byte NEWLINE = '\n';

    private final Path directory;
    private final long maxBytes;
    private final int inMemoryBytes;
    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private OutputStream out = memory;
    private Path file;
    private long bytes;
    private long rows;
    private long[] checkpoints = new long[16];
    private boolean finished;

    SnapshotWriter(Path directory, long maxBytes, int inMemoryBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.inMemoryBytes = inMemoryBytes;
    }

    /** Adds a row's JSON; false, and nothing added, when it would pass the per-result cap. */
    boolean add(String json) {
        byte[] encoded = json.getBytes(StandardCharsets.UTF_8);
        long after = bytes + encoded.length + 1;
        if (after > maxBytes) {
            return false;
        }
        try {
            if (file == null && after > inMemoryBytes) {
                spill();
            }
            if (rows % ResultSnapshot.CHECKPOINT_ROWS == 0) {
                checkpoint();
            }
            out.write(encoded);
            out.write(NEWLINE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write a result snapshot", e);
        }
        bytes = after;
        rows++;
        return true;
    }

    long rows() {
        return rows;
    }

    ResultSnapshot finish(List<ResultColumn> columns, int columnsChars, long firstRow, ResultSnapshot.End end,
            OptionalLong totalRows) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write a result snapshot", e);
        }
        finished = true;
        long[] positions = Arrays.copyOf(checkpoints, (int) ((rows + ResultSnapshot.CHECKPOINT_ROWS - 1)
                / ResultSnapshot.CHECKPOINT_ROWS));
        return new ResultSnapshot(columns, columnsChars, firstRow, rows, positions, bytes,
                file == null ? Optional.of(memory.toByteArray()) : Optional.empty(), Optional.ofNullable(file), end,
                totalRows);
    }

    private void spill() throws IOException {
        file = Files.createTempFile(directory, "snapshot-", ".jsonl");
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        memory.writeTo(out);
        memory.reset();
    }

    private void checkpoint() {
        int index = (int) (rows / ResultSnapshot.CHECKPOINT_ROWS);
        if (index == checkpoints.length) {
            checkpoints = Arrays.copyOf(checkpoints, index * 2);
        }
        checkpoints[index] = bytes;
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        try {
            out.close();
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove an unfinished result snapshot", e);
        }
    }
}
