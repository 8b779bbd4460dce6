package dev.mallard.mcp.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Host and Origin headers the MCP endpoint accepts. MCP requires the Origin check to stop DNS
 * rebinding (basic/transports, "Security Warning"): a web page on another origin must not be able
 * to reach a local server through the user's browser. The Host check stops the same attack when a
 * browser sends no Origin.
 */
public final class OriginPolicy {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final boolean loopbackBind;
    private final boolean anyHost;
    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;

    private OriginPolicy(boolean loopbackBind, boolean anyHost, Set<String> allowedHosts, Set<String> allowedOrigins) {
        this.loopbackBind = loopbackBind;
        this.anyHost = anyHost;
        this.allowedHosts = allowedHosts;
        this.allowedOrigins = allowedOrigins;
    }

    /**
     * @param bindHost the address the server listens on
     * @param publicUrl the URL clients use, when behind a proxy
     * @param extraOrigins more browser origins to allow ({@code https://app.example.com}, or {@code *})
     * @param extraHosts more Host header values to allow
     */
    public static OriginPolicy of(String bindHost, Optional<URI> publicUrl, List<String> extraOrigins,
            List<String> extraHosts) {
        boolean loopback = isLoopback(bindHost);
        boolean wildcard = bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]");
        Set<String> hosts = new java.util.HashSet<>();
        extraHosts.forEach(h -> hosts.add(h.strip().toLowerCase(Locale.ROOT)));
        publicUrl.ifPresent(url -> hosts.add(url.getHost().toLowerCase(Locale.ROOT)));
        if (loopback) {
            hosts.addAll(LOOPBACK_NAMES);
        } else if (!wildcard) {
            hosts.add(bindHost.toLowerCase(Locale.ROOT));
        }
        boolean anyHost = wildcard && publicUrl.isEmpty() && extraHosts.isEmpty();
        Set<String> origins = extraOrigins.stream().map(OriginPolicy::normalizeOrigin).collect(Collectors.toSet());
        publicUrl.ifPresent(url -> origins.add(normalizeOrigin(url.toString())));
        return new OriginPolicy(loopback, anyHost, Set.copyOf(hosts), Set.copyOf(origins));
    }

    /** Why the request is refused, or empty when it may proceed. */
    public Optional<String> refusal(String hostHeader, String origin) {
        if (!hostAllowed(hostHeader)) {
            return Optional.of("Host '" + (hostHeader == null ? "" : hostHeader) + "' is not allowed. If this server "
                    + "is reached under that name, start it with --public-url or --allowed-hosts.");
        }
        if (origin != null && !originAllowed(origin, hostHeader)) {
            return Optional.of("Origin '" + origin + "' is not allowed to use this MCP server. To allow a web client "
                    + "on that origin, start Mallard with --allowed-origins " + origin + ".");
        }
        return Optional.empty();
    }

    /** Whether responses may carry CORS headers for this origin (it passed the checks above). */
    public boolean corsAllowed(String origin, String hostHeader) {
        return origin != null && originAllowed(origin, hostHeader);
    }

    private boolean hostAllowed(String hostHeader) {
        if (anyHost) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String value = hostHeader.strip().toLowerCase(Locale.ROOT);
        return allowedHosts.contains(value) || allowedHosts.contains(hostWithoutPort(value));
    }

    private boolean originAllowed(String origin, String hostHeader) {
        String normalized = normalizeOrigin(origin);
        if (normalized.equals("null")) {
            return false;
        }
        if (allowedOrigins.contains("*") || allowedOrigins.contains(normalized)) {
            return true;
        }
        URI uri;
        try {
            uri = URI.create(normalized);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getHost() == null) {
            return false;
        }
        if (loopbackBind && LOOPBACK_NAMES.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return true;
        }
        // Same origin: a page served by Mallard itself, reached under an allowed host name.
        return hostHeader != null && hostAllowed(hostHeader) && uri.getAuthority() != null
                && uri.getAuthority().equalsIgnoreCase(hostHeader.strip());
    }

    static String normalizeOrigin(String origin) {
        String value = origin.strip().toLowerCase(Locale.ROOT);
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    private static String hostWithoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
    }

    public static boolean isLoopback(String host) {
        if (LOOPBACK_NAMES.contains(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
