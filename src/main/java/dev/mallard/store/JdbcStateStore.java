package dev.mallard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store on a SQL database through JDBC: a connection pool, and the schema brought up to
 * date by Flyway migrations when it opens.
 */
public final class JdbcStateStore implements StateStore {
    private static final Logger log = LoggerFactory.getLogger(JdbcStateStore.class);
    /** SQLite's open flag for reading and writing without SQLITE_OPEN_CREATE: a missing file is not created. */
    private static final int SQLITE_OPEN_READWRITE = 0x02;

    private final HikariDataSource dataSource;
    private final String description;
    private final MutationStore mutations;
    private final AuditStore audit;
    private final IdentityStore identity;
    private final OAuthStore oauth;
    private final AnnotationStore annotations;
    private final SourceStore sources;

    private JdbcStateStore(HikariDataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
        this.mutations = new JdbcMutationStore(dataSource);
        this.audit = new JdbcAuditStore(dataSource);
        this.identity = new JdbcIdentityStore(dataSource);
        this.oauth = new JdbcOAuthStore(dataSource);
        this.annotations = new JdbcAnnotationStore(dataSource);
        this.sources = new JdbcSourceStore(dataSource);
    }

    /**
     * Opens (creating if needed) the embedded SQLite store. WAL journaling lets readers (such as
     * {@code mallard audit}) work while a server writes; a busy timeout lets two processes share it.
     */
    public static JdbcStateStore sqlite(Path file) {
        SqliteNativeLibrary.useBesideJar();
        HikariConfig config = new HikariConfig();
        config.setPoolName("mallard-state");
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, "classpath:db/migration/sqlite");
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreException("Could not prepare Mallard's state store at " + file + ": " + e.getMessage(), e);
        }
        log.info("State store: {}", file);
        return new JdbcStateStore(dataSource, "sqlite:" + file);
    }

    /**
     * Opens an existing SQLite store as it is, to read it beside a server that writes to it: no
     * migration, and a missing file is an error rather than created. (Not opened read-only: a
     * read-only connection leaves the -wal and -shm files behind, owned by whoever read.)
     */
    public static JdbcStateStore sqliteReader(Path file) {
        SqliteNativeLibrary.useBesideJar();
        HikariConfig config = new HikariConfig();
        config.setPoolName("mallard-state-reader");
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        config.addDataSourceProperty("open_mode", Integer.toString(SQLITE_OPEN_READWRITE));
        config.addDataSourceProperty("busy_timeout", "10000");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        try {
            return new JdbcStateStore(new HikariDataSource(config), "sqlite:" + file);
        } catch (RuntimeException e) {
            throw new StoreException("Could not open Mallard's state store at " + file + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(HikariDataSource dataSource, String location) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(location)
                .loggers("slf4j")
                .load()
                .migrate();
    }

    @Override
    public MutationStore mutations() {
        return mutations;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public IdentityStore identity() {
        return identity;
    }

    @Override
    public OAuthStore oauth() {
        return oauth;
    }

    @Override
    public AnnotationStore annotations() {
        return annotations;
    }

    @Override
    public SourceStore sources() {
        return sources;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
