package dev.mallard.web.oauth;

import dev.mallard.oauth.AuthorizationServer;
import dev.mallard.oauth.OAuthUrls;
import dev.mallard.web.Route;
import java.util.ArrayList;
import java.util.List;

/** The authorization server's routes, mounted on the same port as the MCP endpoint when OAuth is on. */
public final class OAuthRoutes {
    private OAuthRoutes() {}

    public static List<Route> of(AuthorizationServer server) {
        OAuthUrls urls = server.urls();
        SessionCookie cookie = new SessionCookie(urls);
        FormGuard guard = new FormGuard(urls, cookie);
        SignIn signIn = new PasswordSignIn(server.passwordLogin(), server.sessions(), server.authorizationRequests(),
                cookie, guard);
        DocumentEndpoint resourceMetadata = new DocumentEndpoint(() -> server.metadata().protectedResource());
        List<Route> routes = new ArrayList<>(List.of(
                // RFC 9728 section 3.1: the resource's path appended, and the root form clients fall back to.
                new Route(OAuthUrls.PROTECTED_RESOURCE_METADATA + OAuthUrls.MCP_PATH, resourceMetadata),
                new Route(OAuthUrls.PROTECTED_RESOURCE_METADATA, resourceMetadata),
                new Route(OAuthUrls.AUTHORIZATION_SERVER_METADATA,
                        new DocumentEndpoint(() -> server.metadata().authorizationServer(false))),
                new Route(OAuthUrls.OPENID_CONFIGURATION,
                        new DocumentEndpoint(() -> server.metadata().authorizationServer(true))),
                new Route(OAuthUrls.JWKS, new DocumentEndpoint(() -> server.signingKeys().publicKeys().toJSONObject())),
                new Route(OAuthUrls.REGISTER, new RegistrationEndpoint(server.registration())),
                new Route(OAuthUrls.TOKEN, new TokenEndpoint(server.tokens())),
                new Route(OAuthUrls.REVOKE, new RevocationEndpoint(server.revocation())),
                new Route(OAuthUrls.AUTHORIZE, new AuthorizationEndpoint(server.authorizationRequests(),
                        server.authorizations(), server.sessions(), cookie, signIn)),
                new Route(OAuthUrls.CONSENT, new ConsentEndpoint(server.authorizationRequests(),
                        server.authorizations(), server.sessions(), cookie, guard)),
                new Route(OAuthUrls.CONNECTED_APPS, new ConnectedAppsPage(server.consents(), server.sessions(), cookie,
                        guard, signIn))));
        routes.addAll(signIn.routes());
        return List.copyOf(routes);
    }
}
