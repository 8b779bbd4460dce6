package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.auth.UserDirectory;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredAuthorizationCode;
import dev.mallard.store.StoredUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides a valid authorization request for a signed-in user and issues the authorization code:
 * single use, a minute to live (OAuth 2.1 section 4.1.2 recommends at most ten), stored as a hash.
 */
public final class Authorizations {
    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

    private final OAuthStore store;
    private final UserDirectory users;
    private final Consents consents;
    private final OAuthUrls urls;
    private final Clock clock;

    Authorizations(OAuthStore store, UserDirectory users, Consents consents, OAuthUrls urls, Clock clock) {
        this.store = store;
        this.users = users;
        this.consents = consents;
        this.urls = urls;
        this.clock = clock;
    }

    /** Decides for the signed-in user named; the scopes are what that user may hold (admin only for admins). */
    public AuthorizationDecision decide(AuthorizationRequest request, String userName) {
        return withScopes(request, userName, scopes -> consents.covers(userName, request.client().clientId(), scopes)
                ? new AuthorizationDecision.Approved(issueCode(request, userName, scopes))
                : new AuthorizationDecision.NeedsConsent(request, scopes));
    }

    /** The user allowed the request on the consent page. */
    public AuthorizationDecision approve(AuthorizationRequest request, String userName) {
        return withScopes(request, userName, scopes -> {
            consents.remember(userName, request.client().clientId(), scopes);
            return new AuthorizationDecision.Approved(issueCode(request, userName, scopes));
        });
    }

    /** Goes on with the scopes the user may grant, or refuses when the user is gone or may grant none. */
    private AuthorizationDecision withScopes(AuthorizationRequest request, String userName,
            Function<Set<Scope>, AuthorizationDecision> next) {
        Optional<StoredUser> user = users.find(userName);
        if (user.isEmpty()) {
            return refused(request, OAuthError.accessDenied("User " + userName + " no longer exists."));
        }
        Set<Scope> scopes = UserDirectory.allowedScopes(user.get(), request.scopes());
        if (scopes.isEmpty()) {
            return refused(request, OAuthError.invalidScope("User " + userName + " is not an administrator and "
                    + "cannot grant the admin scope; ask for read or write."));
        }
        return next.apply(scopes);
    }

    private AuthorizationDecision refused(AuthorizationRequest request, OAuthError error) {
        return new AuthorizationDecision.Refused(AuthorizationResponses.error(request.redirectUri(), error,
                request.state(), urls.issuer()), error);
    }

    /** The user said no: RFC 6749 section 4.1.2.1, access_denied. */
    public String deny(AuthorizationRequest request) {
        return AuthorizationResponses.error(request.redirectUri(), OAuthError.accessDenied("The user did not allow "
                + "access."), request.state(), urls.issuer());
    }

    private String issueCode(AuthorizationRequest request, String user, Set<Scope> scopes) {
        Instant now = clock.instant();
        String code = OpaqueSecrets.create();
        store.insertCode(new StoredAuthorizationCode(OpaqueSecrets.hash(code), request.client().clientId(), user,
                request.redirectUri(), request.redirectUriGiven(), Scope.labels(scopes), request.codeChallenge(),
                OpaqueSecrets.id(), now, now.plus(CODE_LIFETIME), Optional.empty()));
        return AuthorizationResponses.success(request.redirectUri(), code, request.state(), urls.issuer());
    }
}
