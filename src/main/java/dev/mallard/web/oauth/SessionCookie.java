package dev.mallard.web.oauth;

import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.OAuthUrls;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The browser's session cookie: {@code __Host-mallard-session}, Secure, HttpOnly, SameSite=Lax, Path=/
 * (the {@code __Host-} prefix makes browsers refuse it from a sibling domain or without Secure).
 * Browsers accept Secure cookies from https origins and, as secure contexts, from http loopback
 * (checked with Chromium 156 on http://127.0.0.1 and http://localhost). On plain http to any other
 * host no browser stores a Secure cookie, so there (only) the cookie is {@code mallard-session}
 * without Secure: signing in works, and the start-up log warns that the traffic is readable.
 */
final class SessionCookie {
    static final String SECURE_NAME = "__Host-mallard-session";
    static final String PLAIN_NAME = "mallard-session";
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private final OAuthUrls urls;

    SessionCookie(OAuthUrls urls) {
        this.urls = urls;
    }

    static boolean secureContext(OAuthUrls urls) {
        return urls.secure() || isLoopback(URI.create(urls.issuer()).getHost());
    }

    static boolean isLoopback(String host) {
        return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    }

    String name() {
        return secureContext(urls) ? SECURE_NAME : PLAIN_NAME;
    }

    Optional<String> read(HttpCall call) {
        return call.cookie(name());
    }

    /** The browser's id, giving it a fresh one (not signed in) when it has none. */
    String ensure(HttpCall call) {
        Optional<String> existing = read(call);
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = BrowserSessions.newId();
        set(call, id);
        return id;
    }

    void set(HttpCall call, String id) {
        call.addHeader("Set-Cookie", name() + "=" + id + "; Path=/; Max-Age=" + BrowserSessions.LIFETIME.toSeconds()
                + "; HttpOnly; SameSite=Lax" + (secureContext(urls) ? "; Secure" : ""));
    }

    void clear(HttpCall call) {
        call.addHeader("Set-Cookie", name() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secureContext(urls) ? "; Secure" : ""));
    }
}
