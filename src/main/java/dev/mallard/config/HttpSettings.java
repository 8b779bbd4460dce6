package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP listener.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param publicUrl the URL clients use when Mallard sits behind a proxy
 * @param allowedOrigins browser origins allowed besides the server's own
 * @param allowedHosts Host header values allowed besides the bound address and the public URL
 * @param sessionIdleTimeout how long an MCP session may stay idle before it is dropped
 */
public record HttpSettings(String host, int port, Optional<URI> publicUrl, List<String> allowedOrigins,
        List<String> allowedHosts, Duration sessionIdleTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public HttpSettings {
        if (port < 0 || port > 65_535) {
            throw MallardException.configuration("--port must be between 0 and 65535 (got " + port + ").");
        }
        if (host.isBlank()) {
            throw MallardException.configuration("--host must not be empty.");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
    }

    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), List.of(), List.of(),
                DEFAULT_SESSION_IDLE_TIMEOUT);
    }
}
