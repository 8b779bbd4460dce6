package dev.mallard.sources;

import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.json.MallardJson;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published versions of synced sources under {@code <root>/data/<source>/}: one directory per
 * version holding {@code <table>.parquet}, and {@code current.json} naming the current one:
 *
 * <pre>{@code
 * {"version": "20261105T101500123Z-3f9a1c", "published": "2026-11-05T10:15:00.456Z",
 *  "tables": {"items": {"file": "20261105T101500123Z-3f9a1c/items.parquet", "rows": 1200, "bytes": 48213}}}
 * }</pre>
 *
 * <p>Publishing writes the new pointer to a temporary file and renames it over {@code current.json}
 * (an atomic rename within one directory), so a reader sees the old version or the new one, never a
 * mix. A replaced version's directory is stamped with the time it stopped being current and deleted
 * by a later publish once the grace period has passed, long enough for queries that resolved it to
 * finish. Directories of syncs that died before publishing are removed the same way.
 */
public final class SourceVersions {
    static final String POINTER = "current.json";

    private final Path data;
    private final Clock clock;

    public SourceVersions(Path root, Clock clock) {
        this.data = root.resolve("data");
        this.clock = clock;
    }

    /** The source's current version, or empty before its first successful sync. */
    public Optional<PublishedVersion> current(String source) {
        SourceNames.require("source", source);
        Path directory = data.resolve(source);
        JsonNode pointer;
        try {
            pointer = MallardJson.mapper().readTree(Files.readAllBytes(directory.resolve(POINTER)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            throw new MallardException(ErrorCode.INTERNAL, "Cannot read the current version of "
                    + "source '" + source + "' from " + directory.resolve(POINTER) + ": " + e.getMessage(), e);
        }
        Map<String, Path> tables = new LinkedHashMap<>();
        pointer.path("tables").properties()
                .forEach(table -> tables.put(table.getKey(), directory.resolve(table.getValue().path("file").asString())));
        return Optional.of(new PublishedVersion(source, pointer.path("version").asString(),
                Instant.parse(pointer.path("published").asString()), tables));
    }

    /** The directory a new version's Parquet files are written to before it is published. */
    Path versionDirectory(String source, String version) {
        return data.resolve(source).resolve(version);
    }

    /** Makes {@code version} current in one atomic rename and stamps the version it replaces. */
    void publish(String source, String version, List<TableReport> tables) throws IOException {
        Path directory = data.resolve(source);
        Optional<String> previous = current(source).map(PublishedVersion::version);
        ObjectNode pointer = MallardJson.mapper().createObjectNode();
        pointer.put("version", version);
        pointer.put("published", clock.instant().toString());
        ObjectNode files = pointer.putObject("tables");
        for (TableReport table : tables) {
            files.putObject(table.table()).put("file", version + "/" + table.file().getFileName())
                    .put("rows", table.rows()).put("bytes", table.bytes());
        }
        Path temporary = directory.resolve(POINTER + "." + version + ".tmp");
        Files.write(temporary, MallardJson.mapper().writeValueAsBytes(pointer));
        try {
            Files.move(temporary, directory.resolve(POINTER), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        if (previous.isPresent() && !previous.get().equals(version)) {
            Path replaced = directory.resolve(previous.get());
            if (Files.isDirectory(replaced)) {
                Files.setLastModifiedTime(replaced, FileTime.from(clock.instant()));
            }
        }
    }

    /**
     * Leaves the source without a current version, as before its first sync, because what it was
     * synced from changed; the retired version is stamped and removed like a replaced one.
     */
    void retire(String source) throws IOException {
        Optional<String> previous = current(source).map(PublishedVersion::version);
        if (previous.isEmpty()) {
            return;
        }
        Path directory = data.resolve(source);
        Files.deleteIfExists(directory.resolve(POINTER));
        Path retired = directory.resolve(previous.get());
        if (Files.isDirectory(retired)) {
            Files.setLastModifiedTime(retired, FileTime.from(clock.instant()));
        }
    }

    /** Deletes the source's version directories that stopped being current more than {@code grace} ago. */
    void removeSuperseded(String source, Duration grace) throws IOException {
        Path directory = data.resolve(source);
        if (!Files.isDirectory(directory)) {
            return;
        }
        Optional<String> current = current(source).map(PublishedVersion::version);
        Instant cutoff = clock.instant().minus(grace);
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path version : versions) {
                boolean isCurrent = current.isPresent() && version.getFileName().toString().equals(current.get());
                if (!isCurrent && Files.getLastModifiedTime(version).toInstant().isBefore(cutoff)) {
                    deleteTree(version);
                }
            }
        }
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
