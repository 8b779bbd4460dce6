package dev.mallard.web;

import dev.mallard.config.HttpSettings;
import dev.mallard.error.MallardException;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener: the MCP endpoint at {@code /mcp}, the home page at {@code /}, a health check,
 * and the routes of whatever else is on (the OAuth authorization server). Request handlers run on virtual threads; DuckDB work is handed to its own platform pool.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final Server server;
    private final ServerConnector connector;

    private WebServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts listening: the MCP endpoint, the health check and the home page (which answers every
     * path no other route has), and the caller's further routes at their exact paths.
     */
    public static WebServer start(HttpSettings settings, Handler mcp, Handler home, Handler health,
            List<Route> routes) {
        JettyReferenceSize.tellJetty();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("mallard-http");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);

        PathMappingsHandler mappings = new PathMappingsHandler();
        mappings.addMapping(PathSpec.from("/mcp"), mcp);
        mappings.addMapping(PathSpec.from("/health"), health);
        for (Route route : routes) {
            mappings.addMapping(PathSpec.from(route.path()), route.handler());
        }
        mappings.addMapping(PathSpec.from("/"), home);
        server.setHandler(mappings);
        server.setErrorHandler(new JsonErrorHandler());
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server);
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw MallardException.configuration("Cannot listen on " + settings.host() + ":" + settings.port()
                        + ": the port is in use. Stop the other process or pass --port.");
            }
            throw MallardException.configuration("Cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage());
        } catch (Exception e) {
            stopQuietly(server);
            throw MallardException.configuration("The HTTP server did not start: " + e.getMessage());
        }
        WebServer web = new WebServer(server, connector);
        log.info("Listening on {}", web.baseUri());
        return web;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The URL of this server as reached on its bind address. */
    public URI baseUri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Stopping the HTTP server: {}", e.getMessage());
        }
    }
}
