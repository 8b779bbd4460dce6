package dev.mallard.engine;

import dev.mallard.config.DatabaseSpec;
import dev.mallard.config.EngineSettings;
import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mallard's one DuckDB instance. Every served database is attached to it under its name (read-only
 * unless writes are enabled), so one buffer pool and one thread budget serve all of them and queries
 * can join across databases. After setup the instance is sandboxed: no file or network access beyond
 * the attached databases, no extension installs, and a locked configuration.
 */
public final class DuckDbEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DuckDbEngine.class);
    private static final String BOOTSTRAP_CATALOG = "mallard_bootstrap";

    private final DuckDBConnection root;
    private final Map<String, ConnectionPool> pools;
    private final int poolSize;
    /** Copied on change, so readers need no lock: sources come and go while the server runs. */
    private volatile List<ServedDatabase> databases;
    private volatile Set<String> sources = Set.of();
    /** The columns of each file source's views when last looked at, to tell when the files' columns change. */
    private final Map<String, List<String>> fileColumns = new ConcurrentHashMap<>();
    /** The file sources' shadow tables, read by every connection's plan checks. */
    private final AtomicReference<FileShadows> shadows;

    private DuckDbEngine(DuckDBConnection root, List<ServedDatabase> databases, Map<String, ConnectionPool> pools,
            int poolSize, AtomicReference<FileShadows> shadows) {
        this.root = root;
        this.shadows = shadows;
        this.databases = List.copyOf(databases);
        this.pools = new ConcurrentHashMap<>(pools);
        this.poolSize = poolSize;
    }

    /**
     * Opens the instance and attaches the databases.
     *
     * @param specs the databases; at least one
     * @param readWrite attach read-write (creating missing files) instead of read-only
     * @param poolSize connections per database; the number of queries that may run at once
     * @param tempDir where DuckDB spills
     * @param exportStaging the one directory DuckDB may write files to: where exports are written
     *     before they are moved out of its reach (see {@link QueryEngine#export})
     */
    public static DuckDbEngine open(List<DatabaseSpec> specs, boolean readWrite, EngineSettings settings,
            int poolSize, Path tempDir, Path exportStaging) {
        return open(specs, readWrite, settings, poolSize, tempDir, exportStaging, List.of());
    }

    /**
     * Like {@link #open(List, boolean, EngineSettings, int, Path, Path)}, and DuckDB may also read
     * {@code readable}: the published Parquet files of synced sources, loaded with {@link #loadSource},
     * and the operator's source directories, whose DuckDB files {@link #serveDuckDbSource} attaches.
     */
    public static DuckDbEngine open(List<DatabaseSpec> specs, boolean readWrite, EngineSettings settings,
            int poolSize, Path tempDir, Path exportStaging, List<Path> readable) {
        if (specs.isEmpty()) {
            throw MallardException.configuration("No database to serve.");
        }
        DuckDBConnection root = openRoot(settings, tempDir);
        Map<String, ConnectionPool> pools = new LinkedHashMap<>();
        AtomicReference<FileShadows> shadows = new AtomicReference<>(FileShadows.NONE);
        boolean ready = false;
        try {
            List<ServedDatabase> databases = attachAll(root, specs, readWrite);
            for (ServedDatabase database : databases) {
                pools.put(database.name(), createPool(root, database.name(), poolSize, shadows::get));
            }
            sandbox(root, exportStaging, readable);
            log.info("DuckDB {} ready: {} database(s), {} threads, memory limit {}", version(root), databases.size(),
                    settings.threads(), settings.memoryLimit());
            ready = true;
            return new DuckDbEngine(root, databases, pools, poolSize, shadows);
        } catch (SQLException e) {
            throw new MallardException(dev.mallard.error.ErrorCode.CONFIGURATION,
                    "DuckDB could not be set up: " + SqlText.engineMessage(e), e);
        } finally {
            if (!ready) {
                pools.values().forEach(ConnectionPool::close);
                closeQuietly(root);
            }
        }
    }

    public List<ServedDatabase> databases() {
        return databases;
    }

    public ServedDatabase defaultDatabase() {
        return databases.getFirst();
    }

    public Optional<ServedDatabase> database(String name) {
        return databases.stream().filter(database -> database.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Whether some database is attached read-write, so reads need read-only transactions. */
    public boolean anyAttachedReadWrite() {
        return databases.stream().anyMatch(ServedDatabase::attachedReadWrite);
    }

    /** Whether this server allows changes at all. */
    public boolean writesAllowed() {
        return databases.stream().anyMatch(ServedDatabase::writable);
    }

    ConnectionPool pool(ServedDatabase database) {
        ConnectionPool pool = pools.get(database.name());
        if (pool == null) {
            throw new MallardException(dev.mallard.error.ErrorCode.NOT_FOUND, "'" + database.name()
                    + "' is no longer served. Call list_databases to see what is.");
        }
        return pool;
    }

    public boolean hasSources() {
        return !sources.isEmpty();
    }

    /** Whether the name is a source's catalog: read-only for everyone, whatever their grants. */
    public boolean isSource(String name) {
        return sources.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Serves a source as an empty in-memory catalog under its name, until {@link #loadSource} fills it.
     * Attached after the configuration is locked, so its connections have no query progress.
     */
    public synchronized ServedDatabase serveSource(String name) {
        requireUnserved(name);
        ServedDatabase database = new ServedDatabase(name, "source:" + name, false, true);
        try {
            execute(root, "ATTACH ':memory:' AS " + SqlText.identifier(name));
            pools.put(name, sourcePool(name));
        } catch (SQLException e) {
            throw new MallardException(dev.mallard.error.ErrorCode.INTERNAL, "Cannot serve source '" + name + "': "
                    + SqlText.engineMessage(e), e);
        }
        return registerSource(database);
    }

    private void requireUnserved(String name) {
        if (name.toLowerCase(Locale.ROOT).startsWith(FileShadows.PREFIX)) {
            throw MallardException.invalidArgument("Names starting with " + FileShadows.PREFIX + " are Mallard's own; "
                    + "give the source another name.");
        }
        if (database(name).isPresent()) {
            throw MallardException.invalidArgument("'" + name + "' is already served; a source needs its own name.");
        }
    }

    /** Makes an attached source, with its pool in place, one of the served databases. */
    private ServedDatabase registerSource(ServedDatabase database) {
        sources = with(sources, database.name().toLowerCase(Locale.ROOT));
        List<ServedDatabase> changed = new ArrayList<>(databases);
        changed.add(database);
        databases = List.copyOf(changed);
        return database;
    }

    /**
     * Serves a DuckDB file as a source: attached read-only under the source's name, so its tables are
     * {@code NAME.table} and {@code NAME.schema.table}. The file must lie in a directory the engine was
     * opened with as readable; DuckDB refuses others.
     */
    public synchronized ServedDatabase serveDuckDbSource(String name, Path file) {
        requireUnserved(name);
        ServedDatabase database = new ServedDatabase(name, file.toString(), false, false);
        try {
            execute(root, "ATTACH " + SqlText.literal(file.toString()) + " AS " + SqlText.identifier(name)
                    + " (READ_ONLY)");
        } catch (SQLException e) {
            throw MallardException.invalidArgument("Cannot serve source '" + name + "' from " + file + ": "
                    + SqlText.engineMessage(e) + attachHint(e));
        }
        try {
            pools.put(name, sourcePool(name));
        } catch (SQLException e) {
            detachQuietly(name);
            throw new MallardException(dev.mallard.error.ErrorCode.INTERNAL, "Cannot serve source '" + name + "': "
                    + SqlText.engineMessage(e), e);
        }
        return registerSource(database);
    }

    /**
     * Serves files as a source: an in-memory catalog under the source's name holding one view per
     * table over DuckDB's reader of its files, so every query reads the files as they are now. Its
     * shadow catalog (see {@link FileShadows}) lets the plan checks of restricted callers and PII
     * masking see through the views. The patterns must lie in directories the engine was opened with
     * as readable; DuckDB refuses others, and refuses a pattern that matches no file.
     */
    public synchronized ServedDatabase serveFileSource(String name, Map<String, FileScan> tables) {
        requireUnserved(name);
        ServedDatabase database = new ServedDatabase(name, "files:" + name, false, false);
        String shadow = FileShadows.catalog(name);
        try {
            execute(root, "ATTACH ':memory:' AS " + SqlText.identifier(name));
            execute(root, "ATTACH ':memory:' AS " + SqlText.identifier(shadow));
            defineFileTables(name, tables);
            pools.put(name, sourcePool(name));
        } catch (SQLException e) {
            detachQuietly(name);
            detachQuietly(shadow);
            throw MallardException.invalidArgument("Cannot serve source '" + name + "': " + SqlText.engineMessage(e)
                    + ". Check that its files exist and are readable.");
        }
        shadows.updateAndGet(current -> current.with(name, tables.keySet()));
        try {
            fileColumns.put(name.toLowerCase(Locale.ROOT), columnsOf(name));
        } catch (SQLException e) {
            log.warn("Could not list the columns of source '{}': {}", name, SqlText.engineMessage(e));
        }
        return registerSource(database);
    }

    /**
     * Defines a served file source's views again, dropping those of tables it no longer has (the
     * config file may have changed them), and renews its shadow tables, since the files' columns
     * may have changed. Returns whether any table or column did.
     */
    public synchronized boolean refreshFileSource(String name, Map<String, FileScan> tables) throws SQLException {
        for (String view : viewsOf(name)) {
            if (!tables.containsKey(view)) {
                execute(root, "DROP VIEW " + SqlText.identifier(name) + ".main." + SqlText.identifier(view));
                execute(root, "DROP TABLE IF EXISTS " + SqlText.identifier(FileShadows.catalog(name)) + ".main."
                        + SqlText.identifier(view));
            }
        }
        defineFileTables(name, tables);
        shadows.updateAndGet(current -> current.with(name, tables.keySet()));
        // DuckDB lists a view's columns as they bind now; the catalog cache keeps what it read.
        List<String> now = columnsOf(name);
        return !now.equals(fileColumns.put(name.toLowerCase(Locale.ROOT), now));
    }

    private void defineFileTables(String name, Map<String, FileScan> tables) throws SQLException {
        String catalog = SqlText.identifier(name);
        for (Map.Entry<String, FileScan> table : tables.entrySet()) {
            String view = catalog + ".main." + SqlText.identifier(table.getKey());
            execute(root, "CREATE OR REPLACE VIEW " + view + " AS SELECT * FROM "
                    + table.getValue().format().reader(table.getValue().pattern()));
            execute(root, FileShadows.renewal(name, table.getKey()));
        }
    }

    private List<String> viewsOf(String catalog) throws SQLException {
        return catalogRows("SELECT view_name FROM duckdb_views() WHERE database_name = ? AND NOT internal", catalog,
                rs -> rs.getString(1));
    }

    private List<String> columnsOf(String catalog) throws SQLException {
        return catalogRows("SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = ? "
                + "ORDER BY table_name, column_index", catalog,
                rs -> rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3));
    }

    private List<String> tablesOf(String catalog) throws SQLException {
        return catalogRows("SELECT table_name FROM duckdb_tables() WHERE database_name = ?", catalog,
                rs -> rs.getString(1));
    }

    /** Reads one text from a row of a DuckDB result. */
    private interface RowText {
        String of(ResultSet row) throws SQLException;
    }

    /** One text per row of a query whose one parameter is the catalog's name. */
    private List<String> catalogRows(String sql, String catalog, RowText text) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var statement = root.prepareStatement(sql)) {
            statement.setString(1, catalog);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(text.of(rs));
                }
            }
        }
        return rows;
    }

    /**
     * The row count of every table of a source, keyed {@code table} in its main schema and
     * {@code schema.table} elsewhere: exact counts, taken on a connection of its own.
     */
    public Map<String, Long> sourceTableRows(String name) throws SQLException {
        Map<String, Long> rows = new java.util.TreeMap<>();
        try (DuckDBConnection connection = root.duplicate();
                var statement = connection.prepareStatement("SELECT schema_name, table_name FROM duckdb_tables() "
                        + "WHERE database_name = ? UNION ALL SELECT schema_name, view_name FROM duckdb_views() "
                        + "WHERE database_name = ? AND NOT internal AND ? ORDER BY 1, 2")) {
            // A file source's tables are views; a DuckDB file's views are not counted.
            statement.setString(1, name);
            statement.setString(2, name);
            statement.setBoolean(3, shadows.get().isFileSource(name));
            List<String[]> tables = new ArrayList<>();
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] table : tables) {
                try (var count = connection.createStatement(); var rs = count.executeQuery("SELECT count(*) FROM "
                        + SqlText.identifier(name) + "." + SqlText.identifier(table[0]) + "."
                        + SqlText.identifier(table[1]))) {
                    rs.next();
                    rows.put(table[0].equals("main") ? table[1] : table[0] + "." + table[1], rs.getLong(1));
                }
            }
        }
        return rows;
    }

    /**
     * Replaces a source's tables with the Parquet files of its current version, in one transaction:
     * a query sees the old tables or the new ones, never a mix. Tables the version lacks are dropped.
     */
    public synchronized void loadSource(String name, Map<String, Path> tables) throws SQLException {
        String catalog = SqlText.identifier(name);
        execute(root, "BEGIN TRANSACTION");
        try {
            for (String existing : tablesOf(name)) {
                if (!tables.containsKey(existing)) {
                    execute(root, "DROP TABLE " + catalog + ".main." + SqlText.identifier(existing));
                }
            }
            for (Map.Entry<String, Path> table : tables.entrySet()) {
                execute(root, "CREATE OR REPLACE TABLE " + catalog + ".main." + SqlText.identifier(table.getKey())
                        + " AS SELECT * FROM read_parquet(" + SqlText.literal(table.getValue().toString()) + ")");
            }
            execute(root, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            execute(root, "ROLLBACK");
            throw e;
        }
    }

    /** Stops serving a source: queries running on it fail, later ones do not find it. */
    public synchronized void dropSource(String name) {
        if (!isSource(name)) {
            return;
        }
        databases = databases.stream().filter(database -> !database.name().equalsIgnoreCase(name)).toList();
        sources = sources.stream().filter(source -> !source.equals(name.toLowerCase(Locale.ROOT)))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        ConnectionPool pool = pools.remove(name);
        if (pool != null) {
            pool.close();
        }
        detachQuietly(name);
        if (shadows.get().isFileSource(name)) {
            fileColumns.remove(name.toLowerCase(Locale.ROOT));
            shadows.updateAndGet(current -> current.without(name));
            detachQuietly(FileShadows.catalog(name));
        }
    }

    private void detachQuietly(String name) {
        try {
            execute(root, "DETACH " + SqlText.identifier(name));
        } catch (SQLException e) {
            log.warn("Could not detach source '{}': {}", name, SqlText.engineMessage(e));
        }
    }

    private ConnectionPool sourcePool(String name) throws SQLException {
        List<EngineConnection> connections = new ArrayList<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            DuckDBConnection connection = root.duplicate();
            // Catalog and schema: "USE name" alone would pick a schema of that name in the current catalog.
            execute(connection, "USE " + SqlText.identifier(name) + ".main");
            connections.add(new EngineConnection(connection, name, shadows::get));
        }
        return new ConnectionPool(connections);
    }

    private static Set<String> with(Set<String> set, String value) {
        Set<String> changed = new java.util.HashSet<>(set);
        changed.add(value);
        return Set.copyOf(changed);
    }

    @Override
    public void close() {
        pools.values().forEach(ConnectionPool::close);
        closeQuietly(root);
    }

    private static DuckDBConnection openRoot(EngineSettings settings, Path tempDir) {
        try {
            Files.createDirectories(tempDir);
        } catch (IOException e) {
            throw MallardException.configuration("Cannot create DuckDB's temp directory " + tempDir + ": " + e.getMessage());
        }
        Properties properties = new Properties();
        properties.setProperty("threads", Integer.toString(settings.threads()));
        properties.setProperty("memory_limit", settings.memoryLimit());
        properties.setProperty("max_temp_directory_size", settings.maxTempDirectorySize());
        properties.setProperty("temp_directory", tempDir.toString());
        properties.setProperty("extension_directory", tempDir.resolve("extensions").toString());
        // Installing or auto-loading an extension would reach the network or load code from disk.
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("allow_community_extensions", "false");
        properties.setProperty("allow_persistent_secrets", "false");
        // Results stream chunk by chunk, so a capped read never materialises a huge result.
        properties.setProperty("jdbc_stream_results", "true");
        // DuckDB starts its own threads as it opens, and they inherit the nice value of the thread that
        // opens it: open it on a thread that has lowered itself as the query workers do (ThreadNice).
        FutureTask<DuckDBConnection> open = new FutureTask<>(() -> {
            ThreadNice.lowerCurrentThread(settings.queryNice());
            try {
                return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
            } catch (SQLException e) {
                throw MallardException.configuration("DuckDB could not start: " + SqlText.engineMessage(e)
                        + ". Check --memory-limit, --threads and --max-temp-size.");
            }
        });
        Thread.ofPlatform().name("duckdb").start(open);
        try {
            return open.get();
        } catch (ExecutionException e) {
            // As if DuckDB had been opened on this thread: what it threw comes out unchanged.
            switch (e.getCause()) {
                case RuntimeException failure -> throw failure;
                case Error failure -> throw failure;
                default -> throw new IllegalStateException("DuckDB could not start", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MallardException(dev.mallard.error.ErrorCode.CONFIGURATION, "Interrupted while DuckDB started", e);
        }
    }

    private static List<ServedDatabase> attachAll(DuckDBConnection root, List<DatabaseSpec> specs, boolean readWrite)
            throws SQLException {
        // The in-memory catalog DuckDB starts with is called "memory"; move off it so that name is free.
        execute(root, "ATTACH ':memory:' AS " + BOOTSTRAP_CATALOG);
        execute(root, "USE " + BOOTSTRAP_CATALOG);
        execute(root, "DETACH memory");
        List<ServedDatabase> databases = new ArrayList<>();
        for (DatabaseSpec spec : specs) {
            databases.add(attach(root, spec, readWrite));
        }
        execute(root, "USE " + SqlText.identifier(databases.getFirst().name()));
        execute(root, "DETACH " + BOOTSTRAP_CATALOG);
        return databases;
    }

    private static ServedDatabase attach(DuckDBConnection root, DatabaseSpec spec, boolean readWrite) {
        String location = spec.inMemory() ? DatabaseSpec.IN_MEMORY : prepareFile(spec, readWrite).toString();
        String options = readWrite || spec.inMemory() ? "" : " (READ_ONLY)";
        try {
            execute(root, "ATTACH " + SqlText.literal(location) + " AS " + SqlText.identifier(spec.name()) + options);
        } catch (SQLException e) {
            throw MallardException.configuration("Cannot open database '" + spec.name() + "' at " + location + ": "
                    + SqlText.engineMessage(e) + attachHint(e));
        }
        log.info("Serving database '{}' from {} ({})", spec.name(), location, readWrite ? "read-write" : "read-only");
        return new ServedDatabase(spec.name(), location, readWrite, readWrite || spec.inMemory());
    }

    private static Path prepareFile(DatabaseSpec spec, boolean readWrite) {
        Path file = spec.file();
        if (Files.isDirectory(file)) {
            throw MallardException.configuration("Database '" + spec.name() + "': " + file
                    + " is a directory. Pass the path of a DuckDB file.");
        }
        if (Files.exists(file)) {
            return file;
        }
        if (!readWrite) {
            throw MallardException.configuration("Database file " + file + " does not exist. Check the path, or pass "
                    + "--read-write to create an empty database there.");
        }
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw MallardException.configuration("Cannot create the directory for " + file + ": " + e.getMessage());
        }
        return file;
    }

    private static String attachHint(SQLException e) {
        String message = SqlText.engineMessage(e).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("lock")) {
            return ". Another process has this file open for writing (DuckDB allows one writer at a time): stop it, "
                    + "or serve a copy of the file.";
        }
        if (message.contains("not a valid duckdb database") || message.contains("invalid")) {
            return ". Is it a DuckDB database file?";
        }
        return "";
    }

    private static ConnectionPool createPool(DuckDBConnection root, String database, int size,
            Supplier<FileShadows> shadows) throws SQLException {
        List<EngineConnection> connections = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            DuckDBConnection connection = root.duplicate();
            execute(connection, "USE " + SqlText.identifier(database));
            // Progress is a per-connection setting and must be set before the configuration is locked.
            execute(connection, "SET enable_progress_bar = true");
            execute(connection, "SET enable_progress_bar_print = false");
            execute(connection, "SET progress_bar_time = 500");
            connections.add(new EngineConnection(connection, database, shadows));
        }
        return new ConnectionPool(connections);
    }

    /**
     * Closes every way out of the attached databases: reading or writing other files, network
     * access, and changing any of this afterwards (every later SET fails). The one exception is the
     * export staging directory, which COPY TO writes into; statements that could read or write it
     * for other purposes are refused before they run (PlanAccess for callers not granted every
     * database, ChangeRun for writes).
     */
    private static void sandbox(DuckDBConnection root, Path exportStaging, List<Path> readable)
            throws SQLException {
        List<String> allowed = new ArrayList<>();
        allowed.add(directoryLiteral(exportStaging));
        readable.forEach(directory -> allowed.add(directoryLiteral(directory)));
        execute(root, "SET allowed_directories = [" + String.join(", ", allowed) + "]");
        execute(root, "SET enable_external_access = false");
        execute(root, "SET lock_configuration = true");
    }

    private static String directoryLiteral(Path directory) {
        String path = directory.toAbsolutePath().normalize().toString();
        return SqlText.literal(path.endsWith("/") ? path : path + "/");
    }

    private static String version(DuckDBConnection root) throws SQLException {
        try (var statement = root.createStatement(); var rs = statement.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(DuckDBConnection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void closeQuietly(DuckDBConnection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing; the original error is what matters
        }
    }
}
