package dev.mallard.app;

import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mallard's own directory ({@code ~/.mallard} by default): the demo database, DuckDB's spill space,
 * the result snapshots behind query cursors ({@code cursors/}) and exported files ({@code exports/}).
 * Each process spills and keeps snapshots in its own subdirectories, so two servers sharing the
 * directory never touch each other's files; leftovers of processes that died are removed at start.
 */
final class DataDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path root;
    private final Path processTemp;
    private final Path processCursors;

    private DataDirectory(Path root, Path processTemp, Path processCursors) {
        this.root = root;
        this.processTemp = processTemp;
        this.processCursors = processCursors;
    }

    static DataDirectory open(Path root) {
        try {
            createPrivate(root);
            return new DataDirectory(root, processDirectory(root.resolve("tmp")),
                    processDirectory(root.resolve("cursors")));
        } catch (IOException e) {
            throw MallardException.configuration("Cannot use the data directory " + root + ": " + e.getMessage()
                    + ". Pass --data-dir with a writable directory.");
        }
    }

    /** A fresh subdirectory of {@code parent} for this process, once those of dead processes are removed. */
    private static Path processDirectory(Path parent) throws IOException {
        createPrivate(parent);
        removeAbandoned(parent);
        Path directory = parent.resolve(Long.toString(ProcessHandle.current().pid()));
        deleteTree(directory);
        Files.createDirectories(directory);
        return directory;
    }

    /** Mallard's own state: pending mutations, the audit log (SQLite). */
    Path stateStoreFile() {
        return stateStoreFile(root);
    }

    static Path stateStoreFile(Path root) {
        return root.resolve("mallard.db");
    }

    /** Exported query results (see {@link dev.mallard.exports.ExportArea}). */
    Path exportDirectory() {
        return root.resolve("exports");
    }

    Path processTempDirectory() {
        return processTemp;
    }

    /** Where this process spills result snapshots; emptied at start and removed at close. */
    Path processCursorDirectory() {
        return processCursors;
    }

    @Override
    public void close() {
        deleteTree(processTemp);
        deleteTree(processCursors);
    }

    private static void createPrivate(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    private static void removeAbandoned(Path parent) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(Files::isDirectory).forEach(directory -> {
                String name = directory.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(name)).map(p -> !p.isAlive()).orElse(true)) {
                    log.info("Removing {} files left by process {}", parent.getFileName(), name);
                    deleteTree(directory);
                }
            });
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.debug("Could not delete {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.debug("Could not clean {}: {}", directory, e.getMessage());
        }
    }
}
