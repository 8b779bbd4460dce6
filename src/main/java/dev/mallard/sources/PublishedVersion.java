package dev.mallard.sources;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A source's current version as its {@code current.json} names it: the version id, when it was
 * published, and each table's Parquet file (absolute). A reader resolves this once per query and
 * reads those files; they stay in place for the grace period after a newer version replaces them.
 */
public record PublishedVersion(String source, String version, Instant published, Map<String, Path> tables) {
    public PublishedVersion {
        tables = Map.copyOf(tables);
    }

    public Optional<Path> table(String table) {
        return Optional.ofNullable(tables.get(table));
    }
}
