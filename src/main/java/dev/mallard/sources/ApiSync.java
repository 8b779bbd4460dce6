package dev.mallard.sources;

import dev.mallard.error.InternalErrors;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs HTTP JSON API sources into Parquet under Mallard's data directory, one whole sync at a
 * time: every endpoint is read in full into {@code <root>/staging/<sync-id>/<table>.ndjson}, the
 * staged records become {@code <root>/data/<source>/<sync-id>/<table>.parquet}, and only then is the
 * version published ({@link SourceVersions}). Any failure publishes nothing: the previous version
 * stays current and the result records what failed. Syncs of one source wait for each other.
 */
public final class ApiSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiSync.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final SyncLimits limits;
    private final Clock clock;
    private final SourceVersions versions;
    /**
     * Made on the first sync, not with the engine: building an HttpClient sets up TLS and reads the
     * trust store, about a quarter of a second that every server start would otherwise pay.
     */
    private HttpClient http;
    private boolean closed;
    private final ConcurrentHashMap<String, ReentrantLock> running = new ConcurrentHashMap<>();

    public ApiSync(Path root, SyncLimits limits, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.limits = limits;
        this.clock = clock;
        this.versions = new SourceVersions(this.root, clock);
    }

    private synchronized HttpClient http() {
        if (closed) {
            throw new IllegalStateException("The sync engine is closed");
        }
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(limits.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    public SourceVersions versions() {
        return versions;
    }

    public SyncResult sync(ApiSource source, SyncProgress progress) {
        ReentrantLock lock = running.computeIfAbsent(source.name(), name -> new ReentrantLock());
        lock.lock();
        try {
            return syncAlone(source, progress);
        } finally {
            lock.unlock();
        }
    }

    private SyncResult syncAlone(ApiSource source, SyncProgress progress) {
        long started = System.nanoTime();
        String id = VERSION_TIME.format(clock.instant()) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        Path staging = root.resolve("staging").resolve(id);
        Path version = versions.versionDirectory(source.name(), id);
        SyncResult result;
        try {
            Files.createDirectories(staging);
            EndpointReader reader = new EndpointReader(new ApiClient(http(), source, limits), source, limits, progress);
            List<StagingTable> staged = stage(source, reader, staging);
            List<TableReport> tables = convert(staged, staging, version);
            versions.publish(source.name(), id, tables);
            result = new SyncResult.Published(id, tables, reader.pages(), elapsed(started));
            log.info("Synced source '{}' to version {}: {} rows from {} pages in {} ms", source.name(), id,
                    ((SyncResult.Published) result).rows(), reader.pages(), result.duration().toMillis());
        } catch (SyncFailure failure) {
            result = new SyncResult.Failed(failure.error(), elapsed(started));
            log.warn("Sync {} of source '{}' failed: {}", id, source.name(), failure.error());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new SyncResult.Failed(new SyncError("", 0, OptionalInt.empty(), "The sync was cancelled."),
                    elapsed(started));
        } catch (IOException | RuntimeException e) {
            String errorId = InternalErrors.newId();
            log.error("Sync {} of source '{}' failed (error id {})", id, source.name(), errorId, e);
            result = new SyncResult.Failed(new SyncError("", 0, OptionalInt.empty(),
                    InternalErrors.message("the sync of source '" + source.name() + "'", errorId)), elapsed(started));
        }
        cleanUp(source, staging, result instanceof SyncResult.Failed ? version : null);
        return result;
    }

    private static List<StagingTable> stage(ApiSource source, EndpointReader reader, Path staging)
            throws SyncFailure, InterruptedException, IOException {
        List<StagingTable> staged = new ArrayList<>();
        for (ApiEndpoint endpoint : source.endpoints()) {
            try (StagingTable table = new StagingTable(endpoint.table(), staging.resolve(endpoint.table() + ".ndjson"))) {
                reader.read(endpoint, table);
                staged.add(table);
            }
        }
        return staged;
    }

    private List<TableReport> convert(List<StagingTable> staged, Path staging, Path version)
            throws SyncFailure, IOException {
        Files.createDirectories(version);
        List<TableReport> tables = new ArrayList<>();
        try (ParquetConversion conversion = new ParquetConversion(root,
                Files.createDirectories(staging.resolve("spill")))) {
            for (StagingTable table : staged) {
                Path file = version.resolve(table.table() + ".parquet");
                try {
                    conversion.convert(table.file(), table.rows(), file);
                } catch (SQLException e) {
                    throw new SyncFailure(table.table(), 0, "DuckDB could not write the records as Parquet: "
                            + e.getMessage());
                }
                tables.add(new TableReport(table.table(), file, table.rows(), Files.size(file)));
            }
        } catch (SQLException e) {
            throw new IOException("The sync's DuckDB could not start or stop: " + e.getMessage(), e);
        }
        return tables;
    }

    private void cleanUp(ApiSource source, Path staging, Path unpublished) {
        try {
            SourceVersions.deleteTree(staging);
            if (unpublished != null) {
                SourceVersions.deleteTree(unpublished);
            }
            versions.removeSuperseded(source.name(), limits.grace());
        } catch (IOException e) {
            log.warn("Could not remove old files of source '{}': {}", source.name(), e.toString());
        }
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (http != null) {
            http.close();
        }
    }
}
