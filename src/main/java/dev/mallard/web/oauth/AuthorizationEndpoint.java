package dev.mallard.web.oauth;

import dev.mallard.oauth.AuthorizationCheck;
import dev.mallard.oauth.AuthorizationDecision;
import dev.mallard.oauth.AuthorizationRequest;
import dev.mallard.oauth.AuthorizationRequests;
import dev.mallard.oauth.Authorizations;
import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.RedirectUris;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /oauth/authorize} (OAuth 2.1 section 4.1.1): checks the request, signs the browser in if
 * it is not, then either goes straight back to the client (consent given before) or asks for consent.
 */
final class AuthorizationEndpoint extends PageEndpoint {
    private final AuthorizationRequests requests;
    private final Authorizations authorizations;
    private final BrowserSessions sessions;
    private final SessionCookie cookie;
    private final SignIn signIn;

    AuthorizationEndpoint(AuthorizationRequests requests, Authorizations authorizations, BrowserSessions sessions,
            SessionCookie cookie, SignIn signIn) {
        super(Set.of("GET"));
        this.requests = requests;
        this.authorizations = authorizations;
        this.sessions = sessions;
        this.cookie = cookie;
        this.signIn = signIn;
    }

    @Override
    void serve(HttpCall call) {
        switch (requests.check(call.query())) {
            case AuthorizationCheck.Untrusted untrusted ->
                    Pages.message(call, 400, "This sign-in link cannot be used", untrusted.message());
            case AuthorizationCheck.Refused refused -> call.redirect(refused.location());
            case AuthorizationCheck.Valid valid -> authorize(call, valid.request());
        }
    }

    private void authorize(HttpCall call, AuthorizationRequest request) {
        Optional<String> user = cookie.read(call).flatMap(sessions::user);
        if (user.isEmpty()) {
            signIn.start(call, Continuation.authorization(request.parameters(),
                    RedirectUris.cspSource(request.redirectUri())));
            return;
        }
        decide(call, authorizations.decide(request, user.get()), user.get());
    }

    private void decide(HttpCall call, AuthorizationDecision decision, String user) {
        switch (decision) {
            case AuthorizationDecision.Approved approved -> call.redirect(approved.location());
            case AuthorizationDecision.Refused refused -> call.redirect(refused.location());
            case AuthorizationDecision.NeedsConsent consent -> ConsentPage.show(call, consent.request(),
                    consent.scopes(), user, BrowserSessions.csrfToken(cookie.ensure(call)));
        }
    }
}
