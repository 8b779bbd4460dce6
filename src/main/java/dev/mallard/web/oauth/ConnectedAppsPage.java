package dev.mallard.web.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.Consents;
import dev.mallard.oauth.OAuthUrls;
import dev.mallard.web.Html;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /account/apps}: the apps the signed-in user allowed, with the scopes and when, and a button
 * that withdraws consent and revokes every token the app holds for the user. Also signs out.
 */
final class ConnectedAppsPage extends PageEndpoint {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Consents consents;
    private final BrowserSessions sessions;
    private final SessionCookie cookie;
    private final FormGuard guard;
    private final SignIn signIn;

    ConnectedAppsPage(Consents consents, BrowserSessions sessions, SessionCookie cookie, FormGuard guard,
            SignIn signIn) {
        super(Set.of("GET", "POST"));
        this.consents = consents;
        this.sessions = sessions;
        this.cookie = cookie;
        this.guard = guard;
        this.signIn = signIn;
    }

    @Override
    void serve(HttpCall call) {
        Optional<String> user = cookie.read(call).flatMap(sessions::user);
        if (call.method().equals("POST")) {
            act(call, user);
        } else if (user.isEmpty()) {
            signIn.start(call, Continuation.connectedApps());
        } else {
            show(call, user.get(), Optional.empty());
        }
    }

    private void act(HttpCall call, Optional<String> user) {
        Optional<Map<String, List<String>>> form = guard.read(call, 8 * 1024, "Request refused");
        if (form.isEmpty()) {
            return;
        }
        if (user.isEmpty()) {
            call.redirect(OAuthUrls.CONNECTED_APPS);
            return;
        }
        String action = HttpCall.single(form.get(), "action").orElse("");
        if (action.equals("signout")) {
            cookie.read(call).ifPresent(sessions::signOut);
            cookie.clear(call);
            Pages.message(call, 200, "Signed out", "You are signed out of Mallard in this browser.");
            return;
        }
        Optional<String> clientId = HttpCall.single(form.get(), "client_id");
        if (!action.equals("revoke") || clientId.isEmpty()) {
            show(call, user.get(), Optional.of("Nothing was changed: the form named no app."));
            return;
        }
        boolean revoked = consents.revoke(user.get(), clientId.get());
        show(call, user.get(), Optional.of(revoked ? consents.name(clientId.get()) + " can no longer use Mallard as you; its "
                + "tokens are revoked." : "That app had no access."));
    }

    private void show(HttpCall call, String user, Optional<String> notice) {
        String csrf = BrowserSessions.csrfToken(cookie.ensure(call));
        List<Consents.ConnectedApp> allowed = consents.connectedApps(user);
        StringBuilder body = new StringBuilder("<h1>Connected apps</h1><p>Signed in as <strong>")
                .append(Html.escape(user)).append("</strong>.</p>");
        notice.ifPresent(text -> body.append("<p class=\"warning\" role=\"status\">").append(Html.escape(text))
                .append("</p>"));
        if (allowed.isEmpty()) {
            body.append("<p>No app can use Mallard as you. Apps appear here once you allow them.</p>");
        } else {
            body.append("<table><tr><th>App</th><th>May</th><th>Allowed</th><th></th></tr>");
            for (Consents.ConnectedApp app : allowed) {
                body.append("<tr><td>").append(Html.escape(app.name())).append("<br><span class=\"muted\">")
                        .append(Html.escape(app.clientId())).append("</span></td><td>")
                        .append(Html.escape(String.join(", ", app.scopes().stream().sorted().map(Scope::label).toList())))
                        .append("</td><td>").append(DATE.format(app.grantedAt())).append("</td><td>")
                        .append("<form method=\"post\" action=\"").append(OAuthUrls.CONNECTED_APPS).append("\">")
                        .append(Pages.hidden(FormGuard.CSRF_FIELD, csrf))
                        .append(Pages.hidden("action", "revoke"))
                        .append(Pages.hidden("client_id", app.clientId()))
                        .append("<button type=\"submit\">Revoke</button></form></td></tr>");
            }
            body.append("</table>");
        }
        body.append("<form method=\"post\" action=\"").append(OAuthUrls.CONNECTED_APPS).append("\">")
                .append(Pages.hidden(FormGuard.CSRF_FIELD, csrf)).append(Pages.hidden("action", "signout"))
                .append("<button type=\"submit\">Sign out</button></form>");
        Pages.send(call, 200, "Connected apps", body.toString(), List.of());
    }
}
