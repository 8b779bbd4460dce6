package dev.mallard.sources;

import dev.mallard.engine.FileFormat;
import dev.mallard.engine.FileProbe;
import dev.mallard.engine.FileScan;
import dev.mallard.config.SourceDeclaration;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.json.MallardJson;
import dev.mallard.store.SourceStore;
import dev.mallard.store.StoredSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sources registered in the state store: adding, listing and removing them, and running a sync
 * of one and recording its outcome. Shared by the CLI and the server; safe to use from both at once.
 */
public final class SourceRegistry {
    static final String KIND_API = "api";
    static final String KIND_DUCKDB = "duckdb";
    static final String KIND_FILES = "files";

    private final SourceStore store;
    private final ApiSync sync;
    private final Clock clock;
    private final Predicate<String> databaseNames;

    /**
     * @param databaseNames whether a name is taken by a served database (a source may not use it)
     */
    public SourceRegistry(SourceStore store, ApiSync sync, Clock clock, Predicate<String> databaseNames) {
        this.store = store;
        this.sync = sync;
        this.clock = clock;
        this.databaseNames = databaseNames;
    }

    public Clock clock() {
        return clock;
    }

    public SourceVersions versions() {
        return sync.versions();
    }

    /**
     * Registers an API source. Its auth, if any, is stored apart from its spec; {@code every} is the
     * schedule, and {@code staleAfter} (default twice {@code every}) the freshness threshold.
     */
    public SourceStatus addApi(ApiSource source, Optional<Duration> every, Optional<Duration> staleAfter,
            String createdBy) {
        requireNotADatabase(source.name());
        every.ifPresent(interval -> requirePositive("--every", interval));
        staleAfter.ifPresent(threshold -> requirePositive("--stale-after", threshold));
        return add(stored(source, every, staleAfter, createdBy), source.auth().map(ApiAuth::secret));
    }

    /**
     * Registers a DuckDB file, served attached read-only: queries read it as it is now, so it has no
     * schedule and nothing to sync. The file must lie inside one of {@code directories}.
     */
    public SourceStatus addDuckDb(String name, Path file, SourceDirectories directories, String createdBy) {
        SourceNames.require("source", name);
        requireNotADatabase(name);
        return add(stored(name, directories.requireFile(file), createdBy), Optional.empty());
    }

    /**
     * Registers files as a source, each table reading the file or every file its pattern (a path or a
     * glob) matches, live: no schedule, nothing to sync. Each pattern must lie inside one of
     * {@code directories} and match at least one file now, and DuckDB must be able to read the files
     * in {@code format}, or, when it is empty, in the format their extension says (one for all of them).
     */
    public SourceStatus addFiles(String name, Map<String, String> patterns, Optional<FileFormat> format,
            SourceDirectories directories, String createdBy) {
        SourceNames.require("source", name);
        requireNotADatabase(name);
        return add(stored(name, patterns, format, directories, createdBy), Optional.empty());
    }

    private void requireNotADatabase(String name) {
        if (databaseNames.test(name)) {
            throw MallardException.invalidArgument("'" + name + "' is the name of a served database; give the source "
                    + "another name.");
        }
    }

    /** Stores a new source (with its secret, if any); refuses a name already registered. */
    private SourceStatus add(StoredSource stored, Optional<String> secret) {
        if (!store.add(stored, secret)) {
            throw MallardException.invalidArgument("A source named '" + stored.name() + "' already exists. Remove it "
                    + "first (sources remove " + stored.name() + ") or pick another name.");
        }
        return require(stored.name());
    }

    /**
     * How the store keeps a files source, each pattern checked against the source directories and
     * its files probed (see {@link #addFiles}).
     */
    StoredSource stored(String name, Map<String, String> patterns, Optional<FileFormat> format,
            SourceDirectories directories, String createdBy) {
        if (patterns.isEmpty()) {
            throw MallardException.invalidArgument("Name at least one table: --file TABLE=PATH_OR_GLOB.");
        }
        ObjectNode tables = MallardJson.mapper().createObjectNode();
        try (FileProbe probe = new FileProbe(directories.directories())) {
            for (Map.Entry<String, String> table : patterns.entrySet()) {
                SourceNames.require("table", table.getKey());
                FileScan scan = fileScan(table.getKey(), directories.requirePattern(table.getValue()), format, probe);
                tables.putObject(table.getKey()).put("path", scan.pattern()).put("format", scan.format().label());
            }
        }
        String spec = MallardJson.mapper().createObjectNode().set("tables", tables).toString();
        return new StoredSource(name, KIND_FILES, spec, Optional.empty(), Optional.empty(), false, createdBy,
                clock.instant(), StoredSource.SyncState.NEVER);
    }

    private static FileScan fileScan(String table, String pattern, Optional<FileFormat> format, FileProbe probe) {
        List<String> files = probe.files(pattern);
        if (files.isEmpty()) {
            throw MallardException.invalidArgument("Table " + table + ": no file matches " + pattern + ". Check the "
                    + "path and the pattern (* within a folder, ** across folders).");
        }
        FileScan scan = new FileScan(pattern, format.orElseGet(() -> formatOf(table, files)));
        probe.requireReadable(table, scan);
        return scan;
    }

    private static FileFormat formatOf(String table, List<String> files) {
        Set<Optional<FileFormat>> formats = files.stream().map(FileFormat::ofFile).collect(Collectors.toSet());
        if (formats.size() == 1 && formats.iterator().next().isPresent()) {
            return formats.iterator().next().get();
        }
        throw MallardException.invalidArgument("Table " + table + ": " + (formats.size() > 1 ? "its files have "
                + "different formats (" + files.stream().limit(5).collect(Collectors.joining(", ")) + "). Narrow the "
                + "pattern to one kind of file, or say the format with --format"
                : "the extension of " + files.getFirst() + " does not say its format. Say it with --format")
                + " " + FileFormat.labels().replace(", ", "|") + ".");
    }

    /** The tables a files source serves, or empty when the source is of another kind. */
    public Optional<Map<String, FileScan>> fileTables(String name) {
        return store.find(name).filter(stored -> stored.kind().equals(KIND_FILES)).map(stored -> {
            Map<String, FileScan> tables = new TreeMap<>();
            MallardJson.mapper().readTree(stored.spec()).path("tables").properties().forEach(table -> tables.put(
                    table.getKey(), new FileScan(table.getValue().path("path").asString(),
                            FileFormat.named(table.getValue().path("format").asString()))));
            return tables;
        });
    }

    /** How the store keeps an API source (without its secret); {@code staleAfter} defaults to twice {@code every}. */
    StoredSource stored(ApiSource source, Optional<Duration> every, Optional<Duration> staleAfter, String createdBy) {
        String spec = ApiSpecJson.write(source, source.auth().map(ApiAuth::headerName));
        return new StoredSource(source.name(), KIND_API, spec, every,
                staleAfter.or(() -> every.map(interval -> interval.multipliedBy(2))), source.auth().isPresent(),
                createdBy, clock.instant(), StoredSource.SyncState.NEVER);
    }

    /** How the store keeps a DuckDB-file source, {@code file} being checked against the source directories. */
    StoredSource stored(String name, Path file, String createdBy) {
        String spec = MallardJson.mapper().createObjectNode().put("path", file.toString()).toString();
        return new StoredSource(name, KIND_DUCKDB, spec, Optional.empty(), Optional.empty(), false, createdBy,
                clock.instant(), StoredSource.SyncState.NEVER);
    }

    /**
     * Makes the sources the config file manages match {@code declared}: adds, replaces (keeping the
     * synced data when only the schedule or secret changed) and removes them, never touching a source
     * added with the CLI. Checks every declaration before changing anything.
     */
    public SourceReconciliation reconcile(List<SourceDeclaration> declared, SourceDirectories directories) {
        return new ConfigSources(this, store, databaseNames).apply(declared, directories);
    }

    /** The file a DuckDB-file source serves, or empty when the source is of another kind. */
    public Optional<Path> duckDbFile(String name) {
        return store.find(name).filter(stored -> stored.kind().equals(KIND_DUCKDB))
                .map(stored -> Path.of(MallardJson.mapper().readTree(stored.spec()).path("path").asString()));
    }

    public List<SourceStatus> list() {
        return store.list().stream().map(SourceRegistry::status).toList();
    }

    public Optional<SourceStatus> find(String name) {
        return store.find(name).map(SourceRegistry::status);
    }

    public SourceStatus require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** Forgets the source and its secret; its synced files stay until the data directory is cleaned. */
    public void remove(String name) {
        if (!store.remove(name)) {
            throw notFound(name);
        }
    }

    /**
     * Syncs the source now (waiting for a sync of it already running) and records the outcome: on
     * success the new version and its row counts, on failure the error, the old version staying current.
     */
    public SyncResult sync(String name, SyncProgress progress) {
        StoredSource stored = store.find(name).orElseThrow(() -> notFound(name));
        if (!stored.kind().equals(KIND_API)) {
            throw MallardException.invalidArgument("Source '" + name + "' is a " + stored.kind() + " source: queries "
                    + "read it as it is now, so there is nothing to sync.");
        }
        ApiSource source = ApiSpecJson.read(name, stored.spec(), store.secret(name));
        SyncResult result = sync.sync(source, progress);
        switch (result) {
            case SyncResult.Published published -> {
                ObjectNode rows = MallardJson.mapper().createObjectNode();
                published.tables().forEach(table -> rows.put(table.table(), table.rows()));
                store.recordSuccess(name, clock.instant(), published.version(), rows.toString());
            }
            case SyncResult.Failed failed -> store.recordFailure(name, clock.instant(), failed.error().toString());
        }
        return result;
    }

    private static SourceStatus status(StoredSource stored) {
        Map<String, Long> rows = new LinkedHashMap<>();
        stored.sync().tableRows().ifPresent(json -> MallardJson.mapper().readTree(json).properties()
                .forEach(entry -> rows.put(entry.getKey(), entry.getValue().asLong())));
        var spec = MallardJson.mapper().readTree(stored.spec());
        String url = spec.path("url").asString(spec.path("path").asString(""));
        if (spec.has("tables")) {
            url = spec.path("tables").properties().stream().map(table -> table.getKey() + "="
                    + table.getValue().path("path").asString()).sorted().collect(Collectors.joining(", "));
        }
        return new SourceStatus(stored.name(), stored.kind(), url, rows, stored.every(), stored.staleAfter(),
                stored.hasSecret(), stored.sync().lastAttempt(), stored.sync().lastSuccess(), stored.sync().lastError());
    }

    private static void requirePositive(String option, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw MallardException.invalidArgument(option + " must be a positive duration such as 1h or 30m.");
        }
    }

    private static MallardException notFound(String name) {
        return new MallardException(ErrorCode.NOT_FOUND, "No source named '" + name + "'. List the sources with "
                + "list_sources (or: mallard sources list).");
    }
}
