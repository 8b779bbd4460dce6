package dev.mallard.web.oauth;

import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.OAuthUrls;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Checks that a form POST comes from one of Mallard's own pages (cross-site request forgery). The
 * browser's word comes first: Sec-Fetch-Site, when sent, must be same-origin, and Origin, when it
 * names a site, must be this server. (The pages send no Referer, so browsers send {@code Origin: null}
 * for their own forms; a null origin is accepted only with Sec-Fetch-Site: same-origin.) Then the
 * form's CSRF token must be the one derived from the browser's own session cookie, which a page on
 * another site can neither read nor compute; that alone also stops non-browser senders.
 */
final class FormGuard {
    static final String CSRF_FIELD = "csrf";

    private final OAuthUrls urls;
    private final SessionCookie cookie;

    FormGuard(OAuthUrls urls, SessionCookie cookie) {
        this.urls = urls;
        this.cookie = cookie;
    }

    /**
     * The form of a POST from Mallard's own page; empty after answering with a page that says why
     * not (not a form: 400; another site or a missing or wrong CSRF token: 403).
     */
    Optional<Map<String, List<String>>> read(HttpCall call, int maxBytes, String refusedTitle) {
        Optional<Map<String, List<String>>> form = call.form(maxBytes);
        if (form.isEmpty()) {
            Pages.message(call, 400, refusedTitle, "The form did not arrive as a form. Go back and try again.");
            return Optional.empty();
        }
        Optional<String> refusal = refusal(call, form.get());
        if (refusal.isPresent()) {
            Pages.message(call, 403, refusedTitle, refusal.get());
            return Optional.empty();
        }
        return form;
    }

    /** Why the form is refused, or empty when it may be acted on. */
    private Optional<String> refusal(HttpCall call, Map<String, List<String>> form) {
        Optional<String> site = call.header("Sec-Fetch-Site");
        Optional<String> origin = call.header(HttpHeader.ORIGIN.asString());
        boolean foreignSite = site.isPresent() && !site.get().equals("same-origin");
        boolean foreignOrigin = origin.isPresent() && (origin.get().equals("null")
                ? !site.equals(Optional.of("same-origin")) : !sameOrigin(origin.get()));
        if (foreignSite || foreignOrigin) {
            return Optional.of("This form was sent from another site (" + origin.orElse(site.orElse("unknown"))
                    + "), so Mallard ignored it. Open the page on this server and try again.");
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
