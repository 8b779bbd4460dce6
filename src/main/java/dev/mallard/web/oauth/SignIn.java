package dev.mallard.web.oauth;

import java.util.List;
import dev.mallard.web.Route;

/**
 * How a browser user signs in to the authorization server: the one step that differs between
 * Mallard's own passwords and an upstream OpenID Connect provider. An implementation shows or
 * starts its sign-in, handles its own routes (a form's POST, or a provider's /oauth/callback), starts
 * the browser session with {@code BrowserSessions.signIn} and the session cookie, and then sends the
 * browser on to the continuation's {@code returnTo}.
 */
interface SignIn {
    /** Starts signing in a browser that is not signed in. */
    void start(HttpCall call, Continuation continuation);

    /** The routes this way of signing in needs. */
    List<Route> routes();
}
