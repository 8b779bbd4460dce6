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
        Optional<StoredUser> found = users.find(userName);
        if (found.isEmpty()) {
            return gone(request, userName);
        }
        StoredUser user = found.get();
        Set<Scope> scopes = UserDirectory.allowedScopes(user, request.scopes());
        if (scopes.isEmpty()) {
            return notAdministrator(request, user);
        }
        if (consents.covers(user.name(), request.client().clientId(), scopes)) {
            return new AuthorizationDecision.Approved(issueCode(request, user.name(), scopes));
        }
        return new AuthorizationDecision.NeedsConsent(request, scopes);
    }

    /** The user allowed the request on the consent page. */
    public AuthorizationDecision approve(AuthorizationRequest request, String userName) {
        Optional<StoredUser> found = users.find(userName);
        if (found.isEmpty()) {
            return gone(request, userName);
        }
        StoredUser user = found.get();
        Set<Scope> scopes = UserDirectory.allowedScopes(user, request.scopes());
        if (scopes.isEmpty()) {
            return notAdministrator(request, user);
        }
        consents.remember(user.name(), request.client().clientId(), scopes);
        return new AuthorizationDecision.Approved(issueCode(request, user.name(), scopes));
    }

    private AuthorizationDecision gone(AuthorizationRequest request, String userName) {
        return refused(request, OAuthError.accessDenied("User " + userName + " no longer exists."));
    }

    private AuthorizationDecision refused(AuthorizationRequest request, OAuthError error) {
        return new AuthorizationDecision.Refused(AuthorizationResponses.error(request.redirectUri(), error,
                request.state(), urls.issuer()), error);
    }

    private AuthorizationDecision notAdministrator(AuthorizationRequest request, StoredUser user) {
        return refused(request, OAuthError.invalidScope("User " + user.name() + " is not an administrator and "
                + "cannot grant the admin scope; ask for read or write."));
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
