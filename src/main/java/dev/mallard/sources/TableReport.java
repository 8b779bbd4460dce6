package dev.mallard.sources;

import java.nio.file.Path;

/** One table of a published version: its Parquet file, the rows in it and the file's size. */
public record TableReport(String table, Path file, long rows, long bytes) {}
