package dev.mallard.engine;

/**
 * A database attached to Mallard's DuckDB instance.
 *
 * @param name the catalog name agents use
 * @param location the file path, or {@code :memory:}
 * @param writable whether changes are allowed (the server runs with writes enabled)
 * @param attachedReadWrite whether DuckDB attached it read-write; an in-memory database always is, so
 *     reads must then run in read-only transactions even on a read-only server
 */
public record ServedDatabase(String name, String location, boolean writable, boolean attachedReadWrite) {}
