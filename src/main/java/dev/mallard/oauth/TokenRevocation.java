package dev.mallard.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredRefreshToken;
import java.text.ParseException;
import java.util.Optional;

/**
 * Token revocation (RFC 7009). A refresh token revokes its whole grant, access tokens included
 * (section 2.1 recommends it); an access token is put on the revocation list until it expires. A
 * token that is unknown, or another client's, is answered like a revoked one (section 2.2), so the
 * endpoint tells nobody which tokens exist.
 */
public final class TokenRevocation {
    private final ClientAuthenticator clients;
    private final OAuthStore store;
    private final Grants grants;
    private final SigningKeys keys;

    TokenRevocation(ClientAuthenticator clients, OAuthStore store, Grants grants, SigningKeys keys) {
        this.clients = clients;
        this.store = store;
        this.grants = grants;
        this.keys = keys;
    }

    /** Revokes the token; the error when the client could not be authenticated. */
    public Optional<OAuthError> revoke(ClientCredentials credentials, String token) {
        OAuthClient client;
        switch (clients.authenticate(credentials)) {
            case ClientAuthenticator.Result.Failed failed -> {
                return Optional.of(failed.error());
            }
            case ClientAuthenticator.Result.Authenticated authenticated -> client = authenticated.client();
        }
        Optional<StoredRefreshToken> refresh = store.findRefreshToken(OpaqueSecrets.hash(token));
        if (refresh.isPresent()) {
            if (refresh.get().clientId().equals(client.clientId())) {
                grants.revoke(refresh.get().grantId());
            }
            return Optional.empty();
        }
        accessTokenClaims(token)
                .filter(claims -> client.clientId().equals(claims.getClaim(AccessTokens.CLIENT_ID)))
                .filter(claims -> claims.getJWTID() != null && claims.getExpirationTime() != null)
                .ifPresent(claims -> grants.revokeAccessToken(claims.getJWTID(),
                        claims.getExpirationTime().toInstant()));
        return Optional.empty();
    }

    private Optional<JWTClaimsSet> accessTokenClaims(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            return Optional.ofNullable(jwt.getHeader().getKeyID()).flatMap(keys::verificationKey)
                    .filter(key -> JwtAccessTokenVerifier.signedBy(jwt, key))
                    .map(key -> claims(jwt));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return new JWTClaimsSet.Builder().build();
        }
    }
}
