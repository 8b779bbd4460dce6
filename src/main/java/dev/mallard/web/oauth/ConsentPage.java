package dev.mallard.web.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.oauth.AuthorizationRequest;
import dev.mallard.oauth.FormEncoding;
import dev.mallard.oauth.OAuthClient;
import dev.mallard.oauth.OAuthScopes;
import dev.mallard.oauth.OAuthUrls;
import dev.mallard.oauth.RedirectUris;
import dev.mallard.web.Html;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * The consent page (MCP security best practices, "Consent UI Requirements"): which app asks, who it
 * acts as, what each scope lets it do, and where the answer goes, host first, since a stranger
 * can name an app anything. A loopback redirect gets a warning: any program on the computer could
 * be listening there (MCP authorization, "Localhost Redirect URI Risks").
 */
final class ConsentPage {
    static final String REQUEST_FIELD = "authorization";

    private ConsentPage() {}

    static void show(HttpCall call, AuthorizationRequest request, Set<Scope> scopes, String user, String csrf) {
        OAuthClient client = request.client();
        URI redirect = URI.create(request.redirectUri());
        String host = redirect.getHost() != null ? redirect.getHost() : redirect.getScheme() + ":";
        StringBuilder body = new StringBuilder();
        body.append("<h1>Allow ").append(Html.escape(client.displayName())).append(" to use Mallard?</h1>")
                .append("<p>You are signed in as <strong>").append(Html.escape(user)).append("</strong>. ")
                .append("If you allow it, <strong>").append(Html.escape(client.displayName()))
                .append("</strong> can act as you in Mallard:</p><ul>");
        for (Scope scope : Scope.all()) {
            if (scopes.contains(scope)) {
                body.append("<li><strong>").append(OAuthScopes.title(scope)).append("</strong>: ")
                        .append(Html.escape(OAuthScopes.explain(scope))).append("</li>");
            }
        }
        body.append("</ul><p>Mallard will send you back to <strong>").append(Html.escape(host))
                .append("</strong> (<code>").append(Html.escape(request.redirectUri())).append("</code>).</p>");
        if (client.metadataDocument()) {
            body.append("<p class=\"muted\">The app describes itself at <code>").append(Html.escape(client.clientId()))
                    .append("</code>.</p>");
        }
        if (RedirectUris.isLoopback(redirect)) {
            body.append("<p class=\"warning\">The answer goes to a program on this computer. Allow only if you just "
                    + "started connecting an app here yourself.</p>");
        }
        body.append("<form method=\"post\" action=\"").append(OAuthUrls.CONSENT).append("\">")
                .append(Pages.hidden(FormGuard.CSRF_FIELD, csrf))
                .append(Pages.hidden(REQUEST_FIELD, FormEncoding.encode(request.parameters())))
                .append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>")
                .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>")
                .append("<p class=\"muted\">You can withdraw this later under <a href=\"")
                .append(OAuthUrls.CONNECTED_APPS).append("\">Connected apps</a>.</p>");
        Pages.send(call, 200, "Allow access", body.toString(),
                List.of(RedirectUris.cspSource(request.redirectUri())));
    }
}
