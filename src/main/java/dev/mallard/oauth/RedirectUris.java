package dev.mallard.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which redirect URIs a client may register, and whether one in an authorization request matches a
 * registered one. OAuth 2.1 section 2.3.1 and the MCP authorization spec ("Communication Security"):
 * HTTPS, or HTTP on a loopback address for native apps (RFC 8252 section 7.3), or a private-use URI
 * scheme (RFC 8252 section 7.1). Matching is exact string comparison, except that a loopback
 * redirect URI matches on any port (RFC 8252 section 7.3: native apps pick a free port each run).
 */
public final class RedirectUris {
    private static final int MAX_LENGTH = 2000;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");
    /** Schemes that run code or reach local files in a browser: never a place to send a code. */
    private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "vbscript", "file", "about",
            "blob", "filesystem", "ftp", "ws", "wss");

    private RedirectUris() {}

    /** Why this URI cannot be registered, or empty when it can. */
    public static Optional<String> problem(String value) {
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            return Optional.of("A redirect URI must have 1 to " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.of("'" + value + "' is not a valid URI.");
        }
        if (uri.getScheme() == null) {
            return Optional.of("'" + value + "' is not an absolute URI: start it with https://.");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("'" + value + "' has a fragment (#...), which a redirect URI must not have "
                    + "(RFC 6749 section 3.1.2).");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return uri.getHost() == null ? Optional.of("'" + value + "' has no host.") : Optional.empty();
        }
        if (scheme.equals("http")) {
            return isLoopback(uri) ? Optional.empty() : Optional.of("'" + value + "' uses plain http on a host "
                    + "that is not this computer. Use https, or http://127.0.0.1:PORT/... for an app on the "
                    + "user's computer.");
        }
        if (FORBIDDEN_SCHEMES.contains(scheme)) {
            return Optional.of("'" + value + "' uses the " + scheme + ": scheme, which cannot receive an "
                    + "authorization code safely.");
        }
        return Optional.empty();
    }

    /** The registered URI the requested one matches, if any. */
    public static Optional<String> match(List<String> registered, String requested) {
        if (registered.contains(requested)) {
            return Optional.of(requested);
        }
        URI asked = parse(requested);
        if (asked == null || !isLoopback(asked)) {
            return Optional.empty();
        }
        return registered.stream().filter(candidate -> sameButPort(parse(candidate), asked)).findFirst();
    }

    /** Whether an http URI points at the user's own computer. */
    public static boolean isLoopback(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    /** The origin a browser is sent to for this URI, for a Content-Security-Policy form-action source. */
    public static String cspSource(String redirectUri) {
        URI uri = parse(redirectUri);
        if (uri == null || uri.getScheme() == null) {
            return "'none'";
        }
        if (uri.getRawAuthority() == null) {
            return uri.getScheme().toLowerCase(Locale.ROOT) + ":";
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
    }

    private static boolean sameButPort(URI registered, URI asked) {
        return registered != null && isLoopback(registered)
                && registered.getHost().equalsIgnoreCase(asked.getHost())
                && equal(registered.getRawPath(), asked.getRawPath())
                && equal(registered.getRawQuery(), asked.getRawQuery())
                && asked.getRawUserInfo() == null && asked.getRawFragment() == null;
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null || b.isEmpty() : a.equals(b) || (a.isEmpty() && b == null);
    }

    private static URI parse(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
