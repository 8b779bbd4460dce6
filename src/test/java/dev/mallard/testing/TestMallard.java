package dev.mallard.testing;

import dev.mallard.app.HttpService;
import dev.mallard.app.Mallard;
import dev.mallard.auth.Access;
import dev.mallard.auth.Scope;
import dev.mallard.config.DatabaseSpec;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.ConfigFile;
import dev.mallard.config.CursorSettings;
import dev.mallard.config.EngineSettings;
import dev.mallard.config.ExportSettings;
import dev.mallard.config.HttpSettings;
import dev.mallard.config.MallardConfig;
import dev.mallard.config.QueryLimits;
import dev.mallard.config.SourceDeclaration;
import dev.mallard.config.WriteSettings;
import dev.mallard.mcp.ProtocolFixtures;
import dev.mallard.sources.SourceTiming;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Mallard serving HTTP on an ephemeral loopback port, in the test's JVM, with its own data
 * directory. Clients are the official MCP Java SDK client.
 */
public final class TestMallard implements AutoCloseable {
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Mallard mallard;
    private final HttpService http;
    private final List<McpSyncClient> clients = new ArrayList<>();

    private TestMallard(Path dataDir, boolean ownsDataDir, Mallard mallard, HttpService http) {
        this.dataDir = dataDir;
        this.ownsDataDir = ownsDataDir;
        this.mallard = mallard;
        this.http = http;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The demo database, read-only, with default limits. */
    public static TestMallard demo() {
        return builder().database("demo", TestData.demo()).start();
    }

    public Mallard mallard() {
        return mallard;
    }

    public URI baseUri() {
        return http.baseUri();
    }

    public URI mcpUri() {
        return http.mcpUri();
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Adds a user who may read {@code databases} ({@code "*"} for all) and returns the secret of a
     * new API key of theirs with the read scope: a server started with {@code --auth keys} needs one
     * per caller.
     */
    public String readerKey(String user, String databases) {
        mallard.users().add(user, Optional.empty(), false);
        mallard.users().grant(user, databases, Access.READ);
        return mallard.apiKeys().create(user, Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();
    }

    /**
     * The audit entry of {@code user}'s query with exactly this SQL, waiting up to 10 s for it: a
     * query that was cancelled or left by its client is audited once DuckDB has stopped it.
     */
    public Optional<AuditEntry> awaitAuditedQuery(String user, String sql) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<AuditEntry> audited = Optional.empty();
        while (audited.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            mallard.audit().flush();
            audited = mallard.store().audit().recent(new AuditQuery(null, "query", user, 50)).stream()
                    .filter(entry -> sql.equals(entry.sql())).findFirst();
        }
        return audited;
    }

    /** An initialized SDK client; closed with this server. */
    public McpSyncClient client() {
        return client(spec -> {});
    }

    public McpSyncClient client(Consumer<McpClient.SyncSpec> customizer) {
        return client(HttpRequest.newBuilder(), customizer);
    }

    /** An initialized SDK client that sends {@code Authorization: Bearer <token>} on every request. */
    public McpSyncClient client(String bearerToken) {
        return client(HttpRequest.newBuilder().header("Authorization", "Bearer " + bearerToken), spec -> {});
    }

    private McpSyncClient client(HttpRequest.Builder requests, Consumer<McpClient.SyncSpec> customizer) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(baseUri().toString())
                .endpoint("/mcp")
                .requestBuilder(requests)
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90));
        customizer.accept(spec);
        McpSyncClient client = spec.build();
        client.initialize();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(McpSyncClient::closeGracefully);
        http.close();
        mallard.close();
        if (ownsDataDir) {
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp directory
        }
    }

    /** Configures a test server; defaults are small so many can run in one JVM. */
    public static final class Builder {
        private final List<DatabaseSpec> databases = new ArrayList<>();
        private WriteSettings writes = WriteSettings.OFF;
        private QueryLimits limits = QueryLimits.DEFAULTS;
        private EngineSettings engine = new EngineSettings(2, "1GB", "2GB", 4);
        private List<String> allowedOrigins = List.of();
        private Path dataDir;
        private boolean audited = true;
        private AuthSettings auth = AuthSettings.NONE;
        private CursorSettings cursors = CursorSettings.DEFAULTS;
        private ProtocolFixtures fixtures = ProtocolFixtures.NONE;
        private ExportSettings exports = ExportSettings.DEFAULTS;
        private final List<Path> sourceDirectories = new ArrayList<>();
        private Optional<List<SourceDeclaration>> declaredSources = Optional.empty();
        private SourceTiming sourceTiming = SourceTiming.DEFAULT;

        public Builder database(String name, Path file) {
            databases.add(new DatabaseSpec(name, file.toString()));
            return this;
        }

        public Builder inMemory(String name) {
            databases.add(new DatabaseSpec(name, DatabaseSpec.IN_MEMORY));
            return this;
        }

        /** Writes applied at once (--writes direct, also --read-write). */
        public Builder readWrite() {
            this.writes = WriteSettings.DIRECT;
            return this;
        }

        /** Writes previewed, applied when confirmed (--writes confirm). */
        public Builder confirmWrites() {
            this.writes = WriteSettings.CONFIRM;
            return this;
        }

        public Builder writes(WriteSettings writes) {
            this.writes = writes;
            return this;
        }

        public Builder limits(QueryLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.limits = new QueryLimits(limits.defaultRows(), limits.maxRows(), limits.maxChars(), timeout);
            return this;
        }

        public Builder engine(EngineSettings engine) {
            this.engine = engine;
            return this;
        }

        public Builder allowedOrigins(String... origins) {
            this.allowedOrigins = List.of(origins);
            return this;
        }

        /**
         * Mallard's data directory (state store, spill space); the test owns it and it outlives the
         * server, so a second server can start on it. Default: a temp directory deleted at close.
         */
        public Builder dataDir(Path directory) {
            this.dataDir = directory;
            return this;
        }

        /** No audit log: only to measure what auditing costs (see dev.mallard.bench.AuditOverhead). */
        public Builder withoutAudit() {
            this.audited = false;
            return this;
        }

        /** How HTTP requests authenticate; default none (the test server listens on loopback). */
        public Builder auth(AuthSettings auth) {
            this.auth = auth;
            return this;
        }

        /** What is kept of truncated results for query's cursors: TTL and storage caps. */
        public Builder cursors(CursorSettings cursors) {
            this.cursors = cursors;
            return this;
        }

        /** Serves a test profile's fixtures beside Mallard's own features (see dev.mallard.mcp.conformance). */
        public Builder fixtures(ProtocolFixtures fixtures) {
            this.fixtures = fixtures;
            return this;
        }

        /** How long exports live and how much room they may take (--export-ttl, --export-max-bytes). */
        public Builder exports(ExportSettings exports) {
            this.exports = exports;
            return this;
        }

        /** A directory whose files may be served as sources (--source-dir). */
        public Builder sourceDir(Path directory) {
            sourceDirectories.add(directory);
            return this;
        }

        /**
         * The sources a config file declares under {@code sources:}, read from {@code file} as
         * {@code serve --config FILE} reads it, secrets taken from {@code environment}.
         */
        public Builder configFile(Path file, Map<String, String> environment) {
            this.declaredSources = ConfigFile.read(file).declaredSources(environment);
            return this;
        }

        /** The clock sources' freshness and schedules are measured by, and how often the scheduler looks. */
        public Builder sourceTiming(Clock clock, Duration tick) {
            this.sourceTiming = new SourceTiming(clock, tick);
            return this;
        }

        public MallardConfig config(Path dataDir) {
            HttpSettings http = new HttpSettings("127.0.0.1", 0, Optional.empty(), allowedOrigins, List.of(),
                    Duration.ofMinutes(5));
            return new MallardConfig(databases, writes, dataDir, limits, engine, http, auth, cursors, exports,
                    sourceDirectories, declaredSources);
        }

        public TestMallard start() {
            boolean ownsDataDir = this.dataDir == null;
            Path dataDir;
            try {
                dataDir = ownsDataDir ? Files.createTempDirectory("mallard-test-") : this.dataDir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MallardConfig config = config(dataDir);
            Mallard mallard = audited ? Mallard.open(config, sourceTiming) : Mallard.openUnaudited(config);
            try {
                return new TestMallard(dataDir, ownsDataDir, mallard, mallard.serveHttp(fixtures));
            } catch (RuntimeException e) {
                mallard.close();
                throw e;
            }
        }
    }
}
