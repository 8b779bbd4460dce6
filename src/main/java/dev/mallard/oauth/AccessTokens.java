package dev.mallard.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mallard.auth.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Issues access tokens: JWTs in the RFC 9068 profile ({@code typ: at+jwt}), signed with the active
 * ES256 key and bound to the MCP endpoint as their only audience (RFC 8707), so a token is good at
 * this server and nowhere else.
 */
final class AccessTokens {
    static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    static final String CLIENT_ID = "client_id";
    static final String SCOPE = "scope";
    /** The grant the token was issued under: revoking the grant revokes its access tokens too. */
    static final String GRANT_ID = "grant_id";

    /** A signed token, and the facts a caller needs without parsing it again. */
    record Issued(String token, String tokenId, Instant expiresAt) {}

    private final SigningKeys keys;
    private final OAuthUrls urls;
    private final Duration lifetime;
    private final Clock clock;

    AccessTokens(SigningKeys keys, OAuthUrls urls, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.urls = urls;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    Duration lifetime() {
        return lifetime;
    }

    Issued issue(String user, String clientId, Set<Scope> scopes, String grantId) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        String tokenId = OpaqueSecrets.id();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(urls.issuer())
                .subject(user)
                .audience(urls.resource())
                .claim(CLIENT_ID, clientId)
                .claim(SCOPE, Scope.labels(scopes))
                .claim(GRANT_ID, grantId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(tokenId)
                .build();
        ECKey key = keys.active();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).keyID(key.getKeyID())
                .build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an access token", e);
        }
        return new Issued(jwt.serialize(), tokenId, expiresAt);
    }
}
