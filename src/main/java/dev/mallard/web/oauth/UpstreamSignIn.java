package dev.mallard.web.oauth;

import dev.mallard.error.MallardException;
import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.OAuthUrls;
import dev.mallard.oauth.upstream.SignInOutcome;
import dev.mallard.oauth.upstream.UpstreamProvider;
import dev.mallard.oauth.upstream.UpstreamRedirect;
import dev.mallard.oauth.upstream.UpstreamUsers;
import dev.mallard.web.Html;
import dev.mallard.web.Route;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in at an upstream OpenID Connect provider instead of with a Mallard password: the browser
 * is sent to the provider, which sends it back to {@code GET /oauth/callback}. There the provider's
 * answer is checked (see {@link UpstreamProvider#complete}), the person becomes the Mallard user the
 * provider names, and the browser goes on to where it was going, rebuilt as a path on this server.
 *
 * <p>The pending sign-in remembers a hash of the browser's id, so only the browser that started it
 * can finish it: a provider answer lured into another browser (login CSRF) signs nobody in there.
 */
final class UpstreamSignIn implements SignIn {
    private static final Logger log = LoggerFactory.getLogger(UpstreamSignIn.class);

    private final UpstreamProvider provider;
    private final UpstreamUsers users;
    private final BrowserSessions sessions;
    private final SessionCookie cookie;

    UpstreamSignIn(UpstreamProvider provider, UpstreamUsers users, BrowserSessions sessions, SessionCookie cookie) {
        this.provider = provider;
        this.users = users;
        this.sessions = sessions;
        this.cookie = cookie;
    }

    @Override
    public void start(HttpCall call, Continuation continuation) {
        String binding = BrowserSessions.signInBinding(cookie.ensure(call));
        UpstreamRedirect redirect;
        try {
            redirect = provider.begin(new Reference(binding, continuation.returnTo()).encode());
        } catch (MallardException e) {
            Pages.message(call, 502, "Sign-in is unavailable", e.getMessage());
            return;
        }
        call.redirect(redirect.location().toString());
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(UpstreamProvider.CALLBACK_PATH, new Callback()),
                new Route(OAuthUrls.LOGIN, new PasswordsOff()));
    }

    private String providerName() {
        String host = provider.issuer().getHost();
        return host == null ? provider.issuer().toString() : host;
    }

    /** {@code GET /oauth/callback}: the provider's answer. */
    private final class Callback extends PageEndpoint {
        Callback() {
            super(Set.of("GET"));
        }

        @Override
        void serve(HttpCall call) {
            switch (provider.complete(call.query())) {
                case SignInOutcome.SignedIn signedIn -> signIn(call, signedIn);
                case SignInOutcome.Denied denied -> Pages.send(call, 403, "Sign-in cancelled", "<h1>Sign-in "
                        + "cancelled</h1><p>The sign-in was cancelled at " + Html.escape(providerName()) + ". Go back "
                        + "to the app and try again.</p>" + denied.description().map(text -> "<p class=\"muted\">"
                        + Html.escape(providerName()) + " said: " + Html.escape(text) + "</p>").orElse(""), List.of());
                case SignInOutcome.Failed failed -> Pages.message(call, 400, "Sign-in failed", failed.message());
            }
        }

        private void signIn(HttpCall call, SignInOutcome.SignedIn signedIn) {
            Optional<Reference> reference = Reference.decode(signedIn.signIn().reference());
            Optional<String> browser = cookie.read(call);
            if (reference.isEmpty() || browser.isEmpty()
                    || !BrowserSessions.signInBindingMatches(browser.get(), reference.get().browser())) {
                log.warn("Did not sign in {}: the provider's answer came to another browser than the one that "
                        + "started the sign-in", signedIn.identity().userName());
                Pages.message(call, 403, "Sign-in refused", "This sign-in was started in another browser, or this "
                        + "browser did not keep Mallard's cookie, so it was not completed here. Start connecting again "
                        + "from your app, in this browser, with cookies allowed for " + cookieSite() + ".");
                return;
            }
            String user = users.user(signedIn.identity()).name();
            sessions.signOut(browser.get());
            cookie.set(call, sessions.signIn(user));
            call.redirect(new Continuation(reference.get().returnTo(), List.of()).returnTo());
        }

        /** Where the browser must have kept the cookie: the server's address, which the callback is under. */
        private String cookieSite() {
            String host = provider.callbackUri().getRawAuthority();
            return host == null ? "this server" : host;
        }
    }

    /** {@code /oauth/login}: passwords are off while people sign in at the provider. */
    private final class PasswordsOff extends PageEndpoint {
        PasswordsOff() {
            super(Set.of("GET", "POST"));
        }

        @Override
        void serve(HttpCall call) {
            Pages.message(call, 404, "Sign in through " + providerName(), "This Mallard server does not take "
                    + "passwords: people sign in at " + providerName() + ". Start connecting from your app, or open "
                    + OAuthUrls.CONNECTED_APPS + " to see your connected apps.");
        }
    }

    /**
     * What a pending sign-in continues: the browser it was started in (as its binding hash) and
     * where that browser goes next. Both are Mallard's own values, base64url and a URL-encoded path,
     * so a space separates them.
     */
    private record Reference(String browser, String returnTo) {
        String encode() {
            return browser + " " + returnTo;
        }

        static Optional<Reference> decode(String reference) {
            int space = reference == null ? -1 : reference.indexOf(' ');
            return space < 0 ? Optional.empty()
                    : Optional.of(new Reference(reference.substring(0, space), reference.substring(space + 1)));
        }
    }
}
