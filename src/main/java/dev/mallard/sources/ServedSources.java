package dev.mallard.sources;

import dev.mallard.engine.DuckDbEngine;
import dev.mallard.engine.FileScan;
import dev.mallard.error.MallardException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered sources as catalogs of the server's DuckDB: an API source's current Parquet version
 * loaded into in-memory tables, reloaded after every successful sync; a DuckDB file attached; files
 * as views over them, defined again at every look. A scheduler notices sources added or removed by
 * the CLI and versions synced elsewhere, and runs syncs that are due, one at a time.
 */
public final class ServedSources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServedSources.class);

    private final SourceRegistry registry;
    private final DuckDbEngine engine;
    private final Runnable catalogChanged;
    private final SourceDirectories directories;
    /** Why a registered source is not served (a file outside the server's --source-dir), by name. */
    private final Map<String, String> notServed = new ConcurrentHashMap<>();
    /**
     * The version of each synced source loaded into the engine, by name: a version published
     * elsewhere (by {@code mallard sources sync}, or by another replica) is loaded at the next look.
     */
    private final Map<String, String> loaded = new ConcurrentHashMap<>();
    /** The sources as of the last look, so a query can tell cheaply whether any is stale. */
    private volatile List<SourceStatus> statuses = List.of();
    /** Which sources were stale at the last look: a change of it is a change of status. */
    private Set<String> staleSeen = Set.of();
    private final List<Runnable> statusListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mallard-source-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param catalogChanged told when a source's tables change, so cached metadata is read again
     * @param directories where this server lets file sources be read from
     */
    public ServedSources(SourceRegistry registry, DuckDbEngine engine, Runnable catalogChanged,
            SourceDirectories directories) {
        this.registry = registry;
        this.engine = engine;
        this.catalogChanged = catalogChanged;
        this.directories = directories;
    }

    /**
     * The registered sources with what serving them shows: a DuckDB file's tables and their row
     * counts now, and why a source is not served.
     */
    public List<SourceStatus> list() {
        refresh();
        List<SourceStatus> listed = new ArrayList<>();
        // refresh() has just read the registry: use that reading rather than a second one.
        for (SourceStatus source : statuses) {
            String problem = notServed.get(source.name());
            if (problem != null) {
                listed.add(source.withError(problem));
            } else if (!source.kind().equals(SourceRegistry.KIND_API) && engine.isSource(source.name())) {
                try {
                    listed.add(source.withTableRows(engine.sourceTableRows(source.name())));
                } catch (SQLException e) {
                    listed.add(source.withError("Cannot count its rows: " + e.getMessage()));
                }
            } else {
                listed.add(source);
            }
        }
        return listed;
    }

    /** Serves every registered source now, then checks for changes and due syncs every {@code tick}. */
    public void start(Duration tick) {
        refresh();
        scheduler.scheduleWithFixedDelay(this::runDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    public SourceRegistry registry() {
        return registry;
    }

    /**
     * Serves sources registered since the last look, loads versions published since (by this server,
     * the CLI or another replica), and stops serving removed sources.
     */
    public synchronized void refresh() {
        look();
        Set<String> registered = statuses.stream().map(SourceStatus::name).collect(Collectors.toSet());
        boolean changed = false;
        for (SourceStatus source : statuses) {
            String name = source.name();
            if (!engine.isSource(name)) {
                if (engine.database(name).isPresent()) {
                    log.warn("Source '{}' has the name of a served database and is not served; rename one", name);
                    continue;
                }
                changed |= serve(name);
            } else if (source.kind().equals(SourceRegistry.KIND_API)) {
                changed |= load(name);
            } else if (source.kind().equals(SourceRegistry.KIND_FILES)) {
                changed |= refreshFiles(name);
            }
        }
        notServed.keySet().retainAll(registered);
        loaded.keySet().retainAll(registered);
        for (var database : List.copyOf(engine.databases())) {
            if (engine.isSource(database.name()) && !registered.contains(database.name())) {
                engine.dropSource(database.name());
                changed = true;
            }
        }
        if (changed) {
            catalogChanged.run();
        }
    }

    private boolean serve(String name) {
        Optional<Map<String, FileScan>> files = registry.fileTables(name);
        if (files.isPresent()) {
            return serveFiles(name, files.get());
        }
        Optional<Path> file = registry.duckDbFile(name);
        if (file.isEmpty()) {
            engine.serveSource(name);
            loaded.remove(name);
            load(name);
            return true;
        }
        try {
            engine.serveDuckDbSource(name, directories.requireFile(file.get()));
            notServed.remove(name);
            return true;
        } catch (MallardException e) {
            notServe(name, "Not served: " + e.getMessage());
            return false;
        }
    }

    private boolean serveFiles(String name, Map<String, FileScan> tables) {
        try {
            engine.serveFileSource(name, checked(tables));
            notServed.remove(name);
            return true;
        } catch (MallardException e) {
            notServe(name, "Not served: " + e.getMessage());
            return false;
        }
    }

    /**
     * Checks a served file source again: its patterns must still lie inside the source directories
     * (a folder may have been moved or replaced by a link), or it stops being served; its views and
     * shadow tables are defined again, since the files' columns may have changed. Returns whether
     * the catalog changed.
     */
    private boolean refreshFiles(String name) {
        Optional<Map<String, FileScan>> tables = registry.fileTables(name);
        if (tables.isEmpty()) {
            return false;
        }
        try {
            boolean changed = engine.refreshFileSource(name, checked(tables.get()));
            notServed.remove(name);
            return changed;
        } catch (MallardException e) {
            engine.dropSource(name);
            notServe(name, "Not served: " + e.getMessage());
            return true;
        } catch (SQLException e) {
            notServe(name, "Cannot read its files now: " + e.getMessage());
            return false;
        }
    }

    private Map<String, FileScan> checked(Map<String, FileScan> tables) {
        tables.values().forEach(scan -> directories.requirePattern(scan.pattern()));
        return tables;
    }

    /** Records why a source is not served (or cannot be read), logging it once per distinct problem. */
    private void notServe(String name, String problem) {
        if (!problem.equals(notServed.put(name, problem))) {
            log.warn("Source '{}': {}", name, problem);
        }
    }

    /** Syncs the source now and, when a version was published, serves it. */
    public SyncResult sync(String name, SyncProgress progress) {
        refresh();
        SyncResult result = registry.sync(name, progress);
        look();
        if (result instanceof SyncResult.Published && engine.isSource(name) && load(name)) {
            catalogChanged.run();
        }
        return result;
    }

    /**
     * Tells {@code listener} whenever a source's status changes: added, removed, synced or failed to,
     * or became stale (noticed at the next scheduler tick). Runs on the thread that noticed.
     */
    public void onStatusChange(Runnable listener) {
        statusListeners.add(listener);
    }

    /** The sources as of the last look, in name order. */
    public List<SourceStatus> statuses() {
        return statuses;
    }

    /** Reads the sources again and tells the listeners if anything about them changed. */
    private synchronized void look() {
        List<SourceStatus> now = registry.list();
        Instant at = registry.clock().instant();
        Set<String> stale = now.stream().filter(source -> source.isStale(at)).map(SourceStatus::name)
                .collect(Collectors.toSet());
        boolean changed = !now.equals(statuses) || !stale.equals(staleSeen);
        statuses = now;
        staleSeen = stale;
        if (changed) {
            statusListeners.forEach(Runnable::run);
        }
    }

    /**
     * The sources stale now, as of the last look (every scheduler tick, sync and list_sources): no
     * state store read, so cheap enough to ask on every query.
     */
    public List<SourceStatus> staleNow() {
        List<SourceStatus> known = statuses;
        if (known.isEmpty()) {
            return List.of();
        }
        Instant now = registry.clock().instant();
        return known.stream().filter(source -> source.isStale(now)).toList();
    }

    private void runDue() {
        try {
            refresh();
            for (SourceStatus source : statuses) {
                if (source.syncDue(registry.clock().instant()) && engine.isSource(source.name())) {
                    sync(source.name(), SyncProgress.NONE);
                }
            }
        } catch (RuntimeException e) {
            log.error("The source scheduler failed a round", e);
        }
    }

    /**
     * Loads the source's current version unless it is loaded already, or empties the source when its
     * version was retired (its definition changed); whether its tables changed.
     */
    private synchronized boolean load(String name) {
        Optional<PublishedVersion> current = registry.versions().current(name);
        String version = current.map(PublishedVersion::version).orElse(null);
        if (Objects.equals(version, loaded.get(name))) {
            return false;
        }
        try {
            engine.loadSource(name, current.map(PublishedVersion::tables).orElse(Map.of()));
            if (version == null) {
                loaded.remove(name);
            } else {
                loaded.put(name, version);
            }
            return true;
        } catch (SQLException e) {
            log.error("Could not load version {} of source '{}': {}", version, name, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
