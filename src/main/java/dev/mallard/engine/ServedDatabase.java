package dev.mallard.engine;

/**
 * A database attached to Mallard's DuckDB instance.
 *
 * @param name the catalog name agents use
 * @param location the file path, or {@code :memory:}
 * @param writable whether it was attached read-write
 */
public record ServedDatabase(String name, String location, boolean writable) {}
