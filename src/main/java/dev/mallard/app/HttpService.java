package dev.mallard.app;

import dev.mallard.web.WebServer;
import io.modelcontextprotocol.server.McpAsyncServer;
import java.net.URI;
import java.time.Duration;

/** The HTTP side of a running Mallard. */
public final class HttpService implements AutoCloseable {
    private final WebServer web;
    private final McpAsyncServer server;

    HttpService(WebServer web, McpAsyncServer server) {
        this.web = web;
        this.server = server;
    }

    public URI baseUri() {
        return web.baseUri();
    }

    public URI mcpUri() {
        return web.baseUri().resolve("/mcp");
    }

    public int port() {
        return web.port();
    }

    public void join() throws InterruptedException {
        web.join();
    }

    @Override
    public void close() {
        server.closeGracefully().onErrorComplete().block(Duration.ofSeconds(5));
        web.close();
    }
}
