package dev.mallard.web.oauth;

import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.OAuthUrls;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Checks that a form POST comes from one of Mallard's own pages (cross-site request forgery): the
 * browser's Origin header, when it sends one, must be this server, and the form's CSRF token must be
 * the one derived from the browser's own session cookie. Browsers send Origin on every POST, so a
 * missing one is a non-browser client, which the token alone stops.
 */
final class FormGuard {
    static final String CSRF_FIELD = "csrf";

    private final OAuthUrls urls;
    private final SessionCookie cookie;

    FormGuard(OAuthUrls urls, SessionCookie cookie) {
        this.urls = urls;
        this.cookie = cookie;
    }

    /** Why the form is refused, or empty when it may be acted on. */
    Optional<String> refusal(HttpCall call, Map<String, List<String>> form) {
        Optional<String> origin = call.header(HttpHeader.ORIGIN.asString());
        if (origin.isPresent() && !sameOrigin(origin.get())) {
            return Optional.of("This form was sent from another site (" + origin.get() + "), so Mallard ignored it. "
                    + "Open the page on this server and try again.");
        }
        Optional<String> id = cookie.read(call);
        if (id.isEmpty() || !BrowserSessions.csrfMatches(id.get(), HttpCall.single(form, CSRF_FIELD).orElse(null))) {
            return Optional.of("This form has expired or did not come from Mallard's page. Go back, reload the page "
                    + "and try again (cookies must be enabled).");
        }
        return Optional.empty();
    }

    /**
     * The issuer's origin; on a loopback issuer also the other loopback names on the same port
     * (a browser may have opened http://localhost:8765 for a server that calls itself 127.0.0.1).
     */
    private boolean sameOrigin(String origin) {
        URI issuer = URI.create(urls.issuer());
        URI sender;
        try {
            sender = URI.create(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (sender.getScheme() == null || sender.getHost() == null) {
            return false;
        }
        if (origin.equalsIgnoreCase(issuer.getScheme() + "://" + issuer.getRawAuthority())) {
            return true;
        }
        return SessionCookie.isLoopback(issuer.getHost()) && SessionCookie.isLoopback(sender.getHost())
                && sender.getScheme().equalsIgnoreCase(issuer.getScheme()) && sender.getPort() == issuer.getPort();
    }
}
