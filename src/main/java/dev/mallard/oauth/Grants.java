package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredRefreshToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants: what one authorization code started, the refresh tokens rotated from it and the access
 * tokens issued under it. Issues their tokens, and revokes them all at once (on a reused code or
 * refresh token, on revocation, when the user withdraws consent).
 */
final class Grants {
    private static final Logger log = LoggerFactory.getLogger(Grants.class);

    private final OAuthStore store;
    private final AccessTokens accessTokens;
    private final RevocationList revocations;
    private final Duration refreshTokenLifetime;
    private final Clock clock;

    Grants(OAuthStore store, AccessTokens accessTokens, RevocationList revocations, Duration refreshTokenLifetime,
            Clock clock) {
        this.store = store;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.refreshTokenLifetime = refreshTokenLifetime;
        this.clock = clock;
    }

    /**
     * Issues an access token with {@code accessScopes} and, for clients registered for the
     * refresh_token grant, a refresh token that carries the grant's scopes.
     */
    TokenResponse issue(OAuthClient client, String user, Set<Scope> accessScopes, Set<Scope> grantScopes,
            String grantId) {
        AccessTokens.Issued access = accessTokens.issue(user, client.clientId(), accessScopes, grantId);
        Optional<String> refresh = Optional.empty();
        if (client.allows(OAuthClient.REFRESH_TOKEN)) {
            Instant now = clock.instant();
            String token = OpaqueSecrets.create();
            store.insertRefreshToken(new StoredRefreshToken(OpaqueSecrets.hash(token), grantId, client.clientId(),
                    user, Scope.labels(grantScopes), now, now.plus(refreshTokenLifetime), Optional.empty(),
                    Optional.empty()));
            refresh = Optional.of(token);
        }
        return new TokenResponse(access.token(), accessTokens.lifetime().toSeconds(), refresh,
                Scope.labels(accessScopes));
    }

    /** Revokes every refresh token of the grant and every access token issued under it. */
    void revoke(String grantId) {
        Instant now = clock.instant();
        store.revokeGrant(grantId, now);
        revocations.revoke(grantId, now.plus(accessTokens.lifetime()).plus(JwtAccessTokenVerifier.CLOCK_SKEW));
        log.info("Revoked grant {}", grantId);
    }

    /** Revokes one access token until it would have expired anyway. */
    void revokeAccessToken(String tokenId, Instant expiresAt) {
        revocations.revoke(tokenId, expiresAt.plus(JwtAccessTokenVerifier.CLOCK_SKEW));
    }
}
