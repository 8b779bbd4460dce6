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
 * Mallard's own directory ({@code ~/.mallard} by default): the demo database, DuckDB's spill
 * space and exported files. Each process spills into its own subdirectory, so two servers sharing
 * the directory never touch each other's temp files; leftovers of processes that died are removed
 * at start.
 */
final class DataDirectory implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private final Path root;
    private final Path processTemp;

    private DataDirectory(Path root, Path processTemp) {
        this.root = root;
        this.processTemp = processTemp;
    }

    static DataDirectory open(Path root) {
        try {
            createPrivate(root);
            Path temp = root.resolve("tmp");
            createPrivate(temp);
            removeAbandoned(temp);
            Path processTemp = temp.resolve(Long.toString(ProcessHandle.current().pid()));
            Files.createDirectories(processTemp);
            return new DataDirectory(root, processTemp);
        } catch (IOException e) {
            throw MallardException.configuration("Cannot use the data directory " + root + ": " + e.getMessage()
                    + ". Pass --data-dir with a writable directory.");
        }
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

    @Override
    public void close() {
        deleteTree(processTemp);
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

    private static void removeAbandoned(Path temp) throws IOException {
        try (Stream<Path> entries = Files.list(temp)) {
            entries.filter(Files::isDirectory).forEach(directory -> {
                String name = directory.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(name)).map(p -> !p.isAlive()).orElse(true)) {
                    log.info("Removing temp files left by process {}", name);
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
