package dev.mallard.exports;

import dev.mallard.config.ExportSettings;
import dev.mallard.engine.ExportFormat;
import dev.mallard.engine.ExportedRows;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code export_query} puts its files, under {@code <data-dir>/exports}. DuckDB writes each
 * export into this process's staging directory ({@code staging/<pid>}, the only directory its
 * sandbox lets it write), under a fresh random name; the finished file is then moved to
 * {@code files/}, out of DuckDB's reach, and recorded. Files expire after the configured time; the
 * expiry is part of the file name, so a sweep (at start, every minute, and before each export) can
 * remove expired files left by any process sharing the data directory. All files together stay
 * under the configured size.
 */
public final class ExportArea implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExportArea.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long SWEEP_SECONDS = 60;

    private final Path files;
    private final Path staging;
    private final ExportSettings settings;
    private final Clock clock;
    private final Map<String, Export> exports = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    private ExportArea(Path files, Path staging, ExportSettings settings, Clock clock) {
        this.files = files;
        this.staging = staging;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mallard-exports").factory());
    }

    /** Opens the area under {@code root}: removes what dead processes left in staging, and expired files. */
    public static ExportArea open(Path root, ExportSettings settings, Clock clock) {
        try {
            Path files = Files.createDirectories(root.resolve("files"));
            Path stagingRoot = Files.createDirectories(root.resolve("staging"));
            removeAbandonedStaging(stagingRoot);
            Path staging = Files.createDirectories(stagingRoot.resolve(Long.toString(ProcessHandle.current().pid())));
            ExportArea area = new ExportArea(files, staging, settings, clock);
            area.sweep();
            area.scheduler.scheduleWithFixedDelay(area::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
            return area;
        } catch (IOException e) {
            throw MallardException.configuration("Cannot use the export directory " + root + ": " + e.getMessage()
                    + ". Pass --data-dir with a writable directory.");
        }
    }

    /** The directory DuckDB may write exports into. */
    public Path stagingDirectory() {
        return staging;
    }

    /** Where a new export is written: a fresh random name in the staging directory. */
    public Path newStagingFile(ExportFormat format) {
        return staging.resolve(newId() + "." + format.extension());
    }

    /**
     * Refuses a new export when the exported files already fill the area, after removing expired
     * ones; otherwise returns the bytes left for it.
     */
    public long requireRoom() {
        sweep();
        long used = bytesUsed();
        if (used >= settings.maxBytes()) {
            throw full(used);
        }
        return settings.maxBytes() - used;
    }

    /**
     * Watches the area while DuckDB writes an export and runs {@code stop} once the published files
     * and every file still being written in staging together pass the area's size, so an export too
     * large for the area stops early instead of filling the disk first. All exports in progress
     * count: several written at once cannot each take the whole room left.
     */
    public SizeWatch watch(Runnable stop) {
        return new SizeWatch(scheduler, this::bytesWithStaging, settings.maxBytes(), stop);
    }

    /** The refusal of an export that grew past the room it had. */
    public MallardException tooLarge(long room) {
        return new MallardException(ErrorCode.SERVER_BUSY, "The export grew past the " + size(room) + " left in this "
                + "server's export area (--export-max-bytes " + settings.maxBytes() + ") and was stopped. Export "
                + "fewer rows or columns, aggregate first, or try again once earlier exports have expired.");
    }

    /**
     * Moves a finished export out of the staging directory and records it. An export that would push
     * the area past its size is deleted and refused. One publish at a time: the room check and the
     * move are one step, so two exports finishing together cannot both take the last room.
     */
    public synchronized Export publish(Path stagingFile, String principal, ExportFormat format, ExportedRows written) {
        try {
            long bytes = Files.size(stagingFile);
            long used = bytesUsed();
            if (used + bytes > settings.maxBytes()) {
                Files.deleteIfExists(stagingFile);
                throw tooLarge(Math.max(0, settings.maxBytes() - used));
            }
            Instant created = clock.instant();
            Instant expires = created.plus(settings.ttl());
            String id = newId();
            Path file = files.resolve(expires.getEpochSecond() + "-" + id + "." + format.extension());
            move(stagingFile, file);
            Export export = new Export(id, principal, created, expires, format, written.rows(), bytes,
                    written.columns(), file);
            exports.put(id, export);
            return export;
        } catch (IOException e) {
            deleteQuietly(stagingFile);
            throw new MallardException(ErrorCode.INTERNAL, "Could not move the export into place", e);
        }
    }

    /** The export with this id, if it exists, has not expired and belongs to the principal. */
    public Optional<Export> find(String id, String principal) {
        Export export = id == null ? null : exports.get(id);
        if (export == null || !export.principal().equals(principal)) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(export.expires()) || !Files.isRegularFile(export.file())) {
            remove(export);
            return Optional.empty();
        }
        return Optional.of(export);
    }

    /** Removes expired exports: this process's records and any expired file in the area. */
    public void sweep() {
        Instant now = clock.instant();
        exports.values().stream().filter(export -> !now.isBefore(export.expires())).forEach(this::remove);
        try (Stream<Path> entries = Files.list(files)) {
            entries.filter(file -> expiry(file).map(expiry -> !now.isBefore(expiry)).orElse(false))
                    .forEach(ExportArea::deleteQuietly);
        } catch (IOException e) {
            log.warn("Could not sweep the export directory {}: {}", files, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        deleteTree(staging);
    }

    private void remove(Export export) {
        exports.remove(export.id());
        deleteQuietly(export.file());
    }

    private long bytesUsed() {
        try {
            return filesBytes(files);
        } catch (IOException e) {
            throw new MallardException(ErrorCode.INTERNAL, "Could not read the export directory", e);
        }
    }

    /** The bytes of the files in a directory. */
    private static long filesBytes(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.mapToLong(ExportArea::sizeOf).sum();
        }
    }

    /** The bytes of published and staged exports; what cannot be read this moment counts as 0. */
    private long bytesWithStaging() {
        long bytes = 0;
        for (Path directory : List.of(files, staging)) {
            try {
                bytes += filesBytes(directory);
            } catch (IOException e) {
                // not there this moment: nothing to count
            }
        }
        return bytes;
    }

    private MallardException full(long used) {
        return new MallardException(ErrorCode.SERVER_BUSY, "The export area is full: exports take " + size(used)
                + " of the " + size(settings.maxBytes()) + " this server allows (--export-max-bytes). Try again once "
                + "earlier exports have expired (each lives " + settings.ttl().toMinutes() + " min), or export fewer "
                + "rows.");
    }

    /** The expiry written in a file name ({@code <epoch seconds>-<id>.<ext>}), if it has one. */
    private static Optional<Instant> expiry(Path file) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(name.substring(0, dash))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** 128 random bits, URL-safe. */
    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%,d bytes", bytes);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // removed meanwhile
        }
    }

    private static void removeAbandonedStaging(Path stagingRoot) throws IOException {
        try (Stream<Path> entries = Files.list(stagingRoot)) {
            entries.filter(Files::isDirectory).forEach(directory -> {
                String name = directory.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(name)).map(p -> !p.isAlive()).orElse(true)) {
                    deleteTree(directory);
                }
            });
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", file, e.getMessage());
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ExportArea::deleteQuietly);
        } catch (IOException e) {
            log.debug("Could not clean {}: {}", directory, e.getMessage());
        }
    }
}
