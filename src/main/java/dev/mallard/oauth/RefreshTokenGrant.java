package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.auth.UserDirectory;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredRefreshToken;
import dev.mallard.store.StoredUser;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grant_type=refresh_token (OAuth 2.1 sections 4.3 and 4.3.1): every use rotates the token. The
 * presented token becomes used and a new one of the same grant replaces it; presenting a used one
 * means two parties hold the grant, so the whole grant is revoked (OAuth 2.0 Security BCP, RFC 9700
 * section 4.14.2). The scope may be narrowed for the access token, never widened; the new refresh
 * token keeps the grant's scope (RFC 6749 section 6).
 */
final class RefreshTokenGrant {
    private static final Logger log = LoggerFactory.getLogger(RefreshTokenGrant.class);

    private final OAuthStore store;
    private final Grants grants;
    private final UserDirectory users;
    private final OAuthUrls urls;
    private final Clock clock;

    RefreshTokenGrant(OAuthStore store, Grants grants, UserDirectory users, OAuthUrls urls, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.users = users;
        this.urls = urls;
        this.clock = clock;
    }

    TokenOutcome exchange(TokenRequest.RefreshToken request, OAuthClient client) {
        if (!client.allows(OAuthClient.REFRESH_TOKEN)) {
            return failed(OAuthError.unauthorizedClient("This client did not register for the refresh_token grant."));
        }
        if (request.resource().isPresent() && !urls.isResource(request.resource().get())) {
            return failed(OAuthError.invalidTarget("This server issues tokens only for " + urls.resource() + "."));
        }
        String hash = OpaqueSecrets.hash(request.refreshToken());
        Optional<StoredRefreshToken> found = store.findRefreshToken(hash);
        if (found.isEmpty()) {
            return failed(OAuthError.invalidGrant("The refresh token is not valid (unknown or expired). Sign in again."));
        }
        StoredRefreshToken token = found.get();
        if (!token.clientId().equals(client.clientId())) {
            return failed(OAuthError.invalidGrant("The refresh token was issued to another client."));
        }
        if (token.revokedAt().isPresent()) {
            return failed(OAuthError.invalidGrant("The refresh token has been revoked. Sign in again."));
        }
        if (!token.expiresAt().isAfter(clock.instant())) {
            return failed(OAuthError.invalidGrant("The refresh token has expired. Sign in again."));
        }
        Set<Scope> grantScopes = Scope.parseAll(token.scopes());
        Optional<Set<Scope>> asked = request.scope().filter(s -> !s.isBlank()).map(OAuthScopes::parse)
                .orElse(Optional.of(grantScopes));
        if (asked.isEmpty() || asked.get().isEmpty() || !grantScopes.containsAll(asked.get())) {
            return failed(OAuthError.invalidScope("A refresh may ask for the scopes of the grant (" + token.scopes()
                    + ") or fewer, never more."));
        }
        if (token.usedAt().isPresent() || !store.markRefreshTokenUsed(hash, clock.instant())) {
            return reused(token);
        }
        Optional<StoredUser> user = users.find(token.user());
        if (user.isEmpty()) {
            grants.revoke(token.grantId());
            return failed(OAuthError.invalidGrant("The user of this grant no longer exists."));
        }
        return new TokenOutcome.Issued(grants.issue(client, token.user(),
                UserDirectory.allowedScopes(user.get(), asked.get()),
                UserDirectory.allowedScopes(user.get(), grantScopes), token.grantId()));
    }

    private TokenOutcome reused(StoredRefreshToken token) {
        log.warn("Refresh token of grant {} presented after it was rotated; revoking the grant", token.grantId());
        grants.revoke(token.grantId());
        return failed(OAuthError.invalidGrant("The refresh token was already used. As a precaution every token of "
                + "this sign-in has been revoked; sign in again."));
    }

    private static TokenOutcome failed(OAuthError error) {
        return new TokenOutcome.Failed(error);
    }
}
