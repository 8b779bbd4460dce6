package dev.mallard.web.oauth;

import dev.mallard.oauth.AuthorizationCheck;
import dev.mallard.oauth.AuthorizationRequests;
import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.OAuthUrls;
import dev.mallard.oauth.PasswordLogin;
import dev.mallard.oauth.RedirectUris;
import dev.mallard.web.Html;
import dev.mallard.web.Route;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Signing in with a Mallard user name and password: the form, and {@code POST /oauth/login}. */
final class PasswordSignIn implements SignIn {
    private static final int MAX_FORM_BYTES = 16 * 1024;

    private final PasswordLogin login;
    private final BrowserSessions sessions;
    private final AuthorizationRequests authorizationRequests;
    private final SessionCookie cookie;
    private final FormGuard guard;

    PasswordSignIn(PasswordLogin login, BrowserSessions sessions, AuthorizationRequests authorizationRequests,
            SessionCookie cookie, FormGuard guard) {
        this.login = login;
        this.sessions = sessions;
        this.authorizationRequests = authorizationRequests;
        this.cookie = cookie;
        this.guard = guard;
    }

    @Override
    public void start(HttpCall call, Continuation continuation) {
        show(call, 200, continuation, "", Optional.empty());
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(OAuthUrls.LOGIN, new LoginForm()));
    }

    private void show(HttpCall call, int status, Continuation continuation, String userName, Optional<String> error) {
        String csrf = BrowserSessions.csrfToken(cookie.ensure(call));
        StringBuilder body = new StringBuilder("<h1>Sign in to Mallard</h1>");
        if (!continuation.formTargets().isEmpty()) {
            body.append("<p>An app asked to use Mallard for you. Sign in first; you decide what it may do next.</p>");
        }
        error.ifPresent(message -> body.append("<p class=\"error\" role=\"alert\">").append(Html.escape(message))
                .append("</p>"));
        body.append("<form method=\"post\" action=\"").append(OAuthUrls.LOGIN).append("\">")
                .append(Pages.hidden(FormGuard.CSRF_FIELD, csrf))
                .append(Pages.hidden(Continuation.FIELD, continuation.returnTo()))
                .append("<label for=\"username\">User name</label>")
                .append("<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" "
                        + "autocapitalize=\"none\" required autofocus value=\"").append(Html.escape(userName))
                .append("\"><label for=\"password\">Password</label>")
                .append("<input type=\"password\" id=\"password\" name=\"password\" "
                        + "autocomplete=\"current-password\" required>")
                .append("<button type=\"submit\">Sign in</button></form>")
                .append("<p class=\"muted\">No account? Ask whoever runs this Mallard server: "
                        + "<code>mallard users add NAME</code>.</p>");
        Pages.send(call, status, "Sign in", body.toString(), continuation.formTargets());
    }

    /** {@code POST /oauth/login}. */
    private final class LoginForm extends PageEndpoint {
        LoginForm() {
            super(Set.of("POST"));
        }

        @Override
        void serve(HttpCall call) {
            Optional<Map<String, List<String>>> form = guard.read(call, MAX_FORM_BYTES, "Sign-in refused");
            if (form.isEmpty()) {
                return;
            }
            Continuation continuation = continuation(HttpCall.single(form.get(), Continuation.FIELD).orElse(null));
            String name = HttpCall.single(form.get(), "username").orElse("").strip();
            String password = HttpCall.single(form.get(), "password").orElse("");
            if (name.isEmpty() || password.isEmpty()) {
                show(call, 400, continuation, name, Optional.of("Enter your user name and password."));
                return;
            }
            switch (login.attempt(name, password.toCharArray())) {
                case PasswordLogin.Outcome.SignedIn signedIn -> {
                    cookie.read(call).ifPresent(sessions::signOut);
                    cookie.set(call, sessions.signIn(signedIn.user()));
                    call.redirect(continuation.returnTo());
                }
                case PasswordLogin.Outcome.Wrong wrong ->
                        show(call, 200, continuation, name, Optional.of("Wrong user name or password."));
                case PasswordLogin.Outcome.Throttled throttled -> {
                    call.putHeader("Retry-After", Long.toString(Math.max(1, throttled.retryAfter().toSeconds())));
                    show(call, 429, continuation, name, Optional.of("Too many failed sign-ins for this user name. "
                            + "Wait " + Math.max(1, throttled.retryAfter().toSeconds()) + " seconds, then try again."));
                }
            }
        }

        /** The continuation from the form, with the client's redirect origin again for the page's policy. */
        private Continuation continuation(String returnTo) {
            Continuation continuation = new Continuation(returnTo, List.of());
            if (continuation.authorizationParameters().isEmpty()) {
                return continuation;
            }
            return switch (authorizationRequests.check(continuation.authorizationParameters())) {
                case AuthorizationCheck.Valid valid -> new Continuation(continuation.returnTo(),
                        List.of(RedirectUris.cspSource(valid.request().redirectUri())));
                case AuthorizationCheck.Untrusted untrusted -> continuation;
                case AuthorizationCheck.Refused refused -> continuation;
            };
        }
    }
}
