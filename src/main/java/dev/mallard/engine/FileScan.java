package dev.mallard.engine;

/**
 * One table of a file source: every file {@code pattern} (a path or a glob) matches, read as
 * {@code format}. The pattern has been checked to lie inside the source directories.
 */
public record FileScan(String pattern, FileFormat format) {}
