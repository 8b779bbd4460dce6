package dev.mallard.cli;

import dev.mallard.app.HttpService;
import dev.mallard.app.Mallard;
import dev.mallard.config.HttpSettings;
import dev.mallard.config.MallardConfig;
import dev.mallard.mcp.http.OriginPolicy;
import dev.mallard.oauth.AuthorizationServer;
import dev.mallard.oauth.OAuthUrls;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mallard serve}: the MCP server over Streamable HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serve DuckDB databases over MCP Streamable HTTP at http://HOST:PORT/mcp.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions databases;

    @Mixin
    AuthOptions auth = new AuthOptions();

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on "
            + "(default: ${DEFAULT-VALUE}, this machine only).")
    String host = HttpSettings.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one "
            + "(default: ${DEFAULT-VALUE}).")
    int port = HttpSettings.DEFAULT_PORT;

    @Option(names = "--public-url", paramLabel = "URL", description = "The URL clients use when Mallard is behind a "
            + "proxy, e.g. https://mallard.example.com.")
    URI publicUrl;

    @Option(names = "--allowed-origins", paramLabel = "ORIGIN", split = ",", description = "Browser origins allowed "
            + "to call the MCP endpoint besides local ones on a local server, e.g. https://app.example.com.")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--allowed-hosts", paramLabel = "HOST", split = ",", description = "Host names this server may "
            + "be reached by, besides its address and the public URL's host.")
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--session-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Drop MCP sessions idle this long (default: 30m).")
    Duration sessionIdleTimeout = HttpSettings.DEFAULT_SESSION_IDLE_TIMEOUT;

    @Option(names = "--test-profile", paramLabel = "NAME", hidden = true,
            description = "Serve a test harness's fixtures (conformance) beside Mallard's own features.")
    TestProfile testProfile;

    MallardConfig config() {
        return databases.toConfig(new HttpSettings(host, port, Optional.ofNullable(publicUrl), allowedOrigins,
                allowedHosts, sessionIdleTimeout), auth.toSettings())
                .withDeclaredSources(ConfigDefaults.of(spec).declaredSources());
    }

    @Override
    public Integer call() throws InterruptedException {
        MallardConfig config = config();
        Mallard mallard = Mallard.open(config);
        HttpService http;
        try {
            http = testProfile == null ? mallard.serveHttp() : mallard.serveHttp(testProfile.fixtures());
        } catch (RuntimeException e) {
            mallard.close();
            throw e;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                http.close();
                mallard.close();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mallard-shutdown"));
        URI endpoint = config.http().publicUrl().map(url -> url.resolve("/mcp")).orElse(http.mcpUri());
        log.info("Mallard is ready. MCP endpoint: {}  (home page: {})", endpoint,
                config.http().publicUrl().orElse(http.baseUri()));
        mallard.authorizationServer().ifPresent(ServeCommand::logAuthorizationServer);
        if (testProfile != null) {
            log.warn("Serving the {} test profile's fixtures: for test harnesses only, not for users", testProfile);
        }
        http.join();
        stop.run();
        return 0;
    }

    private static void logAuthorizationServer(AuthorizationServer server) {
        OAuthUrls urls = server.urls();
        log.info("OAuth authorization server metadata: {}  (users manage their connected apps at {})",
                urls.endpoint(OAuthUrls.AUTHORIZATION_SERVER_METADATA), urls.endpoint(OAuthUrls.CONNECTED_APPS));
        server.upstream().ifPresent(upstream -> log.info("Users sign in through the OpenID Connect provider {}; "
                + "register {} as a redirect URI of Mallard's client there", upstream.issuer(), upstream.callbackUri()));
        URI issuer = URI.create(urls.issuer());
        if (!urls.secure() && !OriginPolicy.isLoopback(issuer.getHost())) {
            log.warn("OAuth runs over plain http at {}: passwords and tokens cross the network readable. Put Mallard "
                    + "behind a TLS proxy and pass --public-url https://...", urls.issuer());
        }
    }
}
