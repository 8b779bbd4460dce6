package dev.mallard.sources;

import dev.mallard.json.MallardJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** One table's records of a sync so far, appended as newline-delimited JSON to a staging file. */
final class StagingTable implements AutoCloseable {
    private final String table;
    private final Path file;
    private final OutputStream out;
    private long rows;

    StagingTable(String table, Path file) throws IOException {
        this.table = table;
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    }

    void append(JsonNode record) throws IOException {
        out.write(MallardJson.mapper().writeValueAsBytes(record));
        out.write('\n');
        rows++;
    }

    String table() {
        return table;
    }

    Path file() {
        return file;
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
