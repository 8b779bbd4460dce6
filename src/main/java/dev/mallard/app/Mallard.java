package dev.mallard.app;

import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.BearerAuthenticator;
import dev.mallard.auth.DatabaseGrants;
import dev.mallard.auth.Principal;
import dev.mallard.auth.Scope;
import dev.mallard.auth.UserDirectory;
import dev.mallard.catalog.CatalogService;
import dev.mallard.config.DatabaseSpec;
import dev.mallard.config.MallardConfig;
import dev.mallard.demo.DemoDatabase;
import dev.mallard.engine.DuckDbEngine;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.ResultSnapshots;
import dev.mallard.exports.Export;
import dev.mallard.exports.ExportArea;
import dev.mallard.error.MallardException;
import dev.mallard.json.MallardJson;
import dev.mallard.mcp.CatalogFeatures;
import dev.mallard.mcp.McpServerFactory;
import dev.mallard.mcp.ProtocolFixtures;
import dev.mallard.mcp.ResourceList;
import dev.mallard.mcp.ServedFeatures;
import dev.mallard.mcp.RunningRequests;
import dev.mallard.mcp.ToolRunner;
import dev.mallard.mcp.stateless.StatelessDispatcher;
import dev.mallard.mcp.ServerInstructions;
import dev.mallard.mcp.http.ExportDownloads;
import dev.mallard.mcp.tasks.TaskRegistry;
import dev.mallard.mcp.tasks.TasksFeature;
import dev.mallard.mcp.http.HttpAuthentication;
import dev.mallard.mcp.http.OriginPolicy;
import dev.mallard.mcp.http.StreamableHttpTransport;
import dev.mallard.mcp.stdio.StdioTransport;
import dev.mallard.audit.AuditLog;
import dev.mallard.audit.AuditWriter;
import dev.mallard.mutations.MutationService;
import dev.mallard.oauth.AuthorizationServer;
import dev.mallard.oauth.upstream.UpstreamProvider;
import dev.mallard.sources.ApiSync;
import dev.mallard.sources.ServedSources;
import dev.mallard.sources.SourceDirectories;
import dev.mallard.sources.SourceRegistry;
import dev.mallard.sources.SourceTiming;
import dev.mallard.sources.SyncLimits;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import dev.mallard.resources.Completions;
import dev.mallard.resources.Prompts;
import dev.mallard.resources.TableResources;
import dev.mallard.tools.AnnotateTool;
import dev.mallard.tools.AuditLogTool;
import dev.mallard.tools.CatalogAnnotations;
import dev.mallard.tools.CancelMutationTool;
import dev.mallard.tools.ConfirmMutationTool;
import dev.mallard.tools.DescribeTableTool;
import dev.mallard.tools.ExportQueryTool;
import dev.mallard.tools.ToolInvoker;
import dev.mallard.tools.ListColumnsTool;
import dev.mallard.tools.ListDatabasesTool;
import dev.mallard.tools.ListSourcesTool;
import dev.mallard.tools.SourceSummary;
import dev.mallard.tools.StaleNotice;
import dev.mallard.tools.ListTablesTool;
import dev.mallard.tools.QueryRwTool;
import dev.mallard.tools.QueryTool;
import dev.mallard.tools.SearchCatalogTool;
import dev.mallard.tools.SyncSourceTool;
import dev.mallard.tools.ToolRegistry;
import dev.mallard.web.HealthHandler;
import dev.mallard.web.HomePage;
import dev.mallard.web.Route;
import dev.mallard.web.WebServer;
import dev.mallard.web.oauth.OAuthRoutes;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running Mallard: the DuckDB engine, the catalog and the tools, ready to be served over HTTP,
 * stdio, or both.
 */
public final class Mallard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Mallard.class);

    private final MallardConfig config;
    private final DataDirectory dataDirectory;
    private final QueryEngine engine;
    private final ExportArea exports;
    private final CatalogService catalog;
    private final StateStore store;
    private final AuditWriter audit;
    private final MutationService mutations;
    private final ToolRegistry tools;
    private final ToolInvoker invoker;
    private final CatalogFeatures catalogFeatures;
    private final UserDirectory users;
    private final ApiKeys apiKeys;
    private final Optional<AuthorizationServer> authorizationServer;
    /** The URL clients reach this server at; known for sure once the HTTP server listens (port 0). */
    private volatile Supplier<URI> baseUrl;
    /** Whether clients download exports over HTTP (set once the HTTP server runs); otherwise they get paths. */
    private volatile boolean exportDownloads;
    private final RunningRequests running = new RunningRequests();
    private final Map<DatabaseGrants, String> instructions = new ConcurrentHashMap<>();
    /** The MCP servers whose open sessions hear that the resource list changed (a source's tables did). */
    private final List<McpAsyncServer> servers = new CopyOnWriteArrayList<>();
    private final CatalogAnnotations annotations;
    private final JsonMapper json = MallardJson.mapper();
    /** Registered sources served as catalogs, synced on their schedules. */
    private final ServedSources sources;
    private final ApiSync sourceSync;
    /** Tool calls run as MCP tasks, shared by every transport: a task belongs to its principal, not to a session. */
    private final TaskRegistry tasks;

    private Mallard(MallardConfig config, DataDirectory dataDirectory, QueryEngine engine, ExportArea exports,
            StateStore store, boolean audited, SourceTiming sourceTiming) {
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.engine = engine;
        this.exports = exports;
        this.store = store;
        this.catalog = new CatalogService(engine);
        this.audit = new AuditWriter(store.audit());
        this.mutations = new MutationService(engine, catalog, store.mutations(), json, config.writes(),
                Clock.systemUTC());
        this.invoker = new ToolInvoker(audited ? audit : AuditLog.NONE, Clock.systemUTC());
        this.users = new UserDirectory(store.identity(), Clock.systemUTC());
        this.apiKeys = new ApiKeys(store.identity(), users, Clock.systemUTC());
        this.baseUrl = () -> config.http().publicUrl().orElseGet(() -> URI.create("http://"
                + config.http().host() + ":" + config.http().port()));
        this.authorizationServer = config.auth().oauthEnabled()
                ? Optional.of(AuthorizationServer.open(store.oauth(), users, config.auth().oauth(),
                        () -> this.baseUrl.get(), Clock.systemUTC()))
                : Optional.empty();
        this.tasks = new TaskRegistry(json, Set.of("query", "export_query"), config.limits().taskTimeout(), Clock.systemUTC());
        String defaultDatabase = engine.defaultDatabase().name();
        // The instructions show annotations: a change builds them again.
        CatalogAnnotations annotations = new CatalogAnnotations(store.annotations(), instructions::clear);
        this.annotations = annotations;
        this.sourceSync = new ApiSync(sourcesDirectory(config.dataDir()), SyncLimits.DEFAULTS, Clock.systemUTC());
        this.sources = new ServedSources(new SourceRegistry(store.sources(), sourceSync, sourceTiming.clock(),
                name -> engine.database(name).isPresent() && !engine.duckDb().isSource(name)), engine.duckDb(), () -> {
                    catalog.invalidate();
                    instructions.clear();
                    servers.forEach(server -> server.notifyResourcesListChanged().onErrorComplete().subscribe());
                }, SourceDirectories.of(config.sourceDirectories()));
        // The instructions show each source's freshness: a sync, a failure or turning stale builds them again.
        this.sources.onStatusChange(instructions::clear);
        config.declaredSources().ifPresent(declared -> log.info("Sources from the config file: {}", sources.registry()
                .reconcile(declared, SourceDirectories.of(config.sourceDirectories())).summary()));
        this.sources.start(sourceTiming.tick());
        this.tools = new ToolRegistry(List.of(
                new QueryTool(engine, catalog, annotations, new StaleNotice(sources, engine)),
                new ExportQueryTool(engine, catalog, annotations, exports, this::downloadUrl,
                        new StaleNotice(sources, engine)),
                new QueryRwTool(engine, catalog, annotations, config.writes(), mutations),
                ConfirmMutationTool.single(mutations, annotations, config.writes()),
                ConfirmMutationTool.batch(mutations, annotations, config.writes()),
                new CancelMutationTool(mutations, config.writes()),
                new ListDatabasesTool(catalog),
                new ListTablesTool(catalog, defaultDatabase),
                new ListColumnsTool(catalog, annotations, defaultDatabase),
                new DescribeTableTool(engine, catalog, annotations),
                new SearchCatalogTool(catalog, annotations),
                new AnnotateTool(catalog, annotations, Clock.systemUTC(), defaultDatabase),
                new AuditLogTool(audit, store.audit()),
                new ListSourcesTool(sources),
                new SyncSourceTool(sources)));
        this.catalogFeatures = new CatalogFeatures(new TableResources(catalog, annotations), new Prompts(catalog),
                new Completions(catalog));
    }

    /** Opens the databases (creating the demo when none is configured) and sets everything up. */
    public static Mallard open(MallardConfig config) {
        return open(config, true, SourceTiming.DEFAULT);
    }

    /**
     * Like {@link #open(MallardConfig)}, with sources on another clock and scheduler tick: for tests
     * of schedules and freshness, which cannot wait half a minute or an hour.
     */
    public static Mallard open(MallardConfig config, SourceTiming sourceTiming) {
        return open(config, true, sourceTiming);
    }

    /**
     * Like {@link #open(MallardConfig)}, but tool calls are not recorded in the audit log. Only for
     * measuring what the audit log costs (see the AuditOverhead benchmark); a served Mallard always
     * audits.
     */
    public static Mallard openUnaudited(MallardConfig config) {
        return open(config, false, SourceTiming.DEFAULT);
    }

    private static Mallard open(MallardConfig config, boolean audited, SourceTiming sourceTiming) {
        DataDirectory dataDirectory = DataDirectory.open(config.dataDir());
        // The state store and DuckDB do not depend on each other; each takes about half a second to
        // open (native libraries, migrations), so they open side by side.
        CompletableFuture<StateStore> store = CompletableFuture.supplyAsync(
                () -> JdbcStateStore.sqlite(dataDirectory.stateStoreFile()));
        QueryEngine engine;
        ExportArea exports = null;
        try {
            exports = ExportArea.open(dataDirectory.exportDirectory(), config.exports(), Clock.systemUTC());
            List<DatabaseSpec> databases = config.databases().isEmpty()
                    ? List.of(demo(config.dataDir()))
                    : config.databases();
            DuckDbEngine duckDb = DuckDbEngine.open(databases, config.readWrite(), config.engine(),
                    config.engine().workers(), dataDirectory.processTempDirectory(), exports.stagingDirectory(),
                    readableDirectories(config));
            engine = new QueryEngine(duckDb, config.limits(), config.engine().workers(), config.engine().queryNice(),
                    MallardJson.mapper(), new ResultSnapshots(dataDirectory.processCursorDirectory(), config.cursors(),
                            Clock.systemUTC()));
        } catch (RuntimeException e) {
            store.handle((opened, failure) -> {
                if (opened != null) {
                    opened.close();
                }
                return null;
            }).join();
            if (exports != null) {
                exports.close();
            }
            dataDirectory.close();
            throw e;
        }
        StateStore opened;
        try {
            opened = join(store);
        } catch (RuntimeException e) {
            engine.close();
            exports.close();
            dataDirectory.close();
            throw e;
        }
        try {
            return new Mallard(config, dataDirectory, engine, exports, opened, audited, sourceTiming);
        } catch (RuntimeException e) {
            // e.g. the authorization server could not start: nothing may stay open.
            engine.close();
            exports.close();
            opened.close();
            dataDirectory.close();
            throw e;
        }
    }

    private static StateStore join(CompletableFuture<StateStore> store) {
        try {
            return store.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static DatabaseSpec demo(Path dataDir) {
        try {
            return new DatabaseSpec(DemoDatabase.NAME, DemoDatabase.ensure(dataDir).toString());
        } catch (IOException e) {
            throw MallardException.configuration("Could not create the demo database in " + dataDir + ": "
                    + e.getMessage() + ". Pass --db to serve your own, or --data-dir to use another directory.");
        }
    }

    public MallardConfig config() {
        return config;
    }

    public QueryEngine engine() {
        return engine;
    }

    public CatalogService catalog() {
        return catalog;
    }

    public ToolRegistry tools() {
        return tools;
    }

    /** Starts the HTTP server: the MCP endpoint, the home page and the health check. */
    public HttpService serveHttp() {
        return serveHttp(ProtocolFixtures.NONE);
    }

    /** Like {@link #serveHttp()}, with a test profile's fixtures served beside Mallard's own features. */
    public HttpService serveHttp(ProtocolFixtures fixtures) {
        refuseUnauthenticatedPublicBind();
        // Before listening: a wrong --oidc-issuer fails serve at once, not every user's sign-in later.
        authorizationServer.flatMap(AuthorizationServer::upstream).ifPresent(UpstreamProvider::checkAtStartup);
        OriginPolicy originPolicy = OriginPolicy.of(config.http().host(), config.http().publicUrl(),
                config.http().allowedOrigins(), config.http().allowedHosts());
        WebServer[] web = new WebServer[1];
        Supplier<URI> baseUrl = () -> config.http().publicUrl().orElseGet(() -> web[0].baseUri());
        HttpAuthentication authentication = authentication();
        ResourceList resourceList = new ResourceList(catalogFeatures, fixtures.listedResources());
        StreamableHttpTransport transport = new StreamableHttpTransport(json, originPolicy, running,
                authentication, name -> tools.find(name).map(tool -> tool.definition().scope()),
                this::instructionsFor, resourceList, config.http().sessionIdleTimeout(), tasks);
        ToolRunner runner = new ToolRunner(invoker, running);
        transport.setStatelessDispatcher(StatelessDispatcher.of(json, this::instructionsFor, tools, runner,
                ServedFeatures.of(catalogFeatures, fixtures), resourceList, fixtures,
                List.of(new TasksFeature(tasks, tools, runner, fixtures.taskTools(), json))));
        McpAsyncServer server = mcpServer(McpServer.async(transport), fixtures);
        HomePage home = new HomePage(catalog, baseUrl, System.getProperty("mallard.launcher", "mallard"),
                config.writes().mode(), !config.auth().enabled());
        this.baseUrl = baseUrl;
        List<Route> routes = new ArrayList<>(authorizationServer.map(OAuthRoutes::of).orElse(List.of()));
        routes.add(new Route(ExportDownloads.PATH + "*", new ExportDownloads(exports, authentication, originPolicy, json)));
        web[0] = WebServer.start(config.http(), transport, home, new HealthHandler(transport::sessionCount), routes);
        this.exportDownloads = true;
        return new HttpService(web[0], server);
    }

    private HttpAuthentication authentication() {
        // A client without a credential is told to ask for what this server's tools can use.
        Set<Scope> scopes = config.writes().allowed() ? Set.of(Scope.READ, Scope.WRITE) : Set.of(Scope.READ);
        return switch (config.auth().mode()) {
            case NONE -> HttpAuthentication.none();
            case KEYS -> HttpAuthentication.bearer(new BearerAuthenticator(apiKeys, Optional.empty()), Optional.empty(),
                    scopes);
            case OAUTH -> HttpAuthentication.bearer(
                    new BearerAuthenticator(apiKeys, authorizationServer.map(AuthorizationServer::verifier)),
                    authorizationServer.map(server -> server.urls()::protectedResourceMetadata), scopes);
        };
    }

    /** The download URL of an export when clients reach this server over HTTP; over stdio, none (they get the path). */
    private Optional<URI> downloadUrl(Export export) {
        return exportDownloads
                ? Optional.of(baseUrl.get().resolve(ExportDownloads.PATH + export.id()))
                : Optional.empty();
    }

    /** Without authentication, anyone who reaches the port acts as the local user: loopback only, unless asked by name. */
    private void refuseUnauthenticatedPublicBind() {
        if (!config.auth().enabled() && !OriginPolicy.isLoopback(config.http().host())
                && !config.auth().allowUnauthenticatedPublicAccess()) {
            throw MallardException.configuration("Refusing to serve " + config.http().host() + " without authentication:"
                    + " anyone who can reach the port could read the data. Use --auth keys (API keys) or --auth oauth,"
                    + " listen on 127.0.0.1, or pass --allow-unauthenticated-public-access if that is really meant.");
        }
    }

    /** Serves one client over stdin/stdout until it closes its end. */
    public void serveStdio(InputStream in, OutputStream out) {
        StdioTransport transport = new StdioTransport(in, out, json, running, tasks,
                new ResourceList(catalogFeatures, List.of()));
        McpAsyncServer server = mcpServer(McpServer.async(transport), ProtocolFixtures.NONE);
        try {
            transport.serve();
        } finally {
            servers.remove(server);
            server.closeGracefully().onErrorComplete().block(Duration.ofSeconds(5));
        }
    }

    /** The MCP protocol engine over a transport, serving this Mallard's tools. */
    private McpAsyncServer mcpServer(McpServer.AsyncSpecification<?> transport, ProtocolFixtures fixtures) {
        // The SDK's own instructions serve stdio; over HTTP the transport answers each principal's.
        McpAsyncServer server = McpServerFactory.create(transport, tools, invoker, instructionsFor(Principal.LOCAL),
                running, json, catalogFeatures, fixtures);
        servers.add(server);
        return server;
    }

    /**
     * The instructions for a principal: its summary names only the databases it is granted. Built
     * once per set of grants (a bounded cache: it starts over beyond 256 distinct sets).
     */
    private String instructionsFor(Principal principal) {
        if (instructions.size() > 256) {
            instructions.clear();
        }
        return instructions.computeIfAbsent(principal.grants(), grants -> ServerInstructions.build(
                grants.coversAll() ? catalog : catalog.visibleTo(grants::canRead), annotations, config.limits(),
                config.writes().mode(), SourceSummary.lines(sources.statuses(), grants::canRead,
                sources.registry().clock().instant())));
    }

    /** The audit log writer; tests flush it to read entries right after a call. */
    public AuditWriter audit() {
        return audit;
    }

    public UserDirectory users() {
        return users;
    }

    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** The OAuth authorization server, when {@code --auth oauth} is on. */
    public Optional<AuthorizationServer> authorizationServer() {
        return authorizationServer;
    }

    public StateStore store() {
        return store;
    }

    public MutationService mutations() {
        return mutations;
    }

    /** Where a Mallard with this data directory keeps its state store (and so its audit log). */
    public static Path stateStoreFile(Path dataDir) {
        return DataDirectory.stateStoreFile(dataDir);
    }

    /** What DuckDB may read besides the databases: synced sources' data and the operator's source directories. */
    private static List<Path> readableDirectories(MallardConfig config) {
        List<Path> readable = new java.util.ArrayList<>();
        readable.add(sourcesDirectory(config.dataDir()).resolve("data"));
        readable.addAll(SourceDirectories.of(config.sourceDirectories()).directories());
        return readable;
    }

    /** Where synced sources keep their Parquet versions ({@code data/<source>/}) and staging files. */
    public static Path sourcesDirectory(Path dataDir) {
        return dataDir.resolve("sources");
    }

    @Override
    public void close() {
        sources.close();
        sourceSync.close();
        authorizationServer.ifPresent(AuthorizationServer::close);
        mutations.close();
        engine.close();
        exports.close();
        audit.close();
        store.close();
        dataDirectory.close();
        log.info("Mallard stopped");
    }
}
