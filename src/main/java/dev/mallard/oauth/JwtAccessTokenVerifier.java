package dev.mallard.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mallard.auth.AccessTokenVerifier;
import dev.mallard.auth.AuthOutcome;
import dev.mallard.auth.Scope;
import dev.mallard.auth.UserDirectory;
import dev.mallard.error.MallardException;
import dev.mallard.store.StoredUser;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an access token presented to the MCP endpoint (OAuth 2.1 section 5.2, RFC 9068 section 4):
 * a JWT of type at+jwt signed by one of this server's keys, issued here, for this resource only, not
 * expired and not revoked, for a user who still exists. The principal carries the user's grants as
 * they are now, not as they were when the token was issued.
 */
public final class JwtAccessTokenVerifier implements AccessTokenVerifier {
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final SigningKeys keys;
    private final OAuthUrls urls;
    private final RevocationList revocations;
    private final UserDirectory users;
    private final Clock clock;

    JwtAccessTokenVerifier(SigningKeys keys, OAuthUrls urls, RevocationList revocations, UserDirectory users,
            Clock clock) {
        this.keys = keys;
        this.urls = urls;
        this.revocations = revocations;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public Optional<AuthOutcome> verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.empty();
        }
        return Optional.of(check(jwt, claims));
    }

    private AuthOutcome check(SignedJWT jwt, JWTClaimsSet claims) {
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                || !AccessTokens.TYPE.equals(jwt.getHeader().getType())) {
            return rejected("The access token is not one this server issues.");
        }
        Optional<ECKey> key = Optional.ofNullable(jwt.getHeader().getKeyID()).flatMap(keys::verificationKey);
        if (key.isEmpty() || !signedBy(jwt, key.get())) {
            return rejected("The access token is not valid: its signature does not match a key of this server. "
                    + "Sign in again.");
        }
        if (!urls.issuer().equals(claims.getIssuer())) {
            return rejected("The access token was issued by another server.");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.size() != 1 || !audience.getFirst().equals(urls.resource())) {
            return rejected("The access token is for another resource.");
        }
        Date expires = claims.getExpirationTime();
        Instant now = clock.instant();
        if (expires == null || expires.toInstant().plus(CLOCK_SKEW).isBefore(now)) {
            return rejected("The access token has expired. Get a new one with the refresh token, or sign in again.");
        }
        Optional<String> grantId = text(claims, AccessTokens.GRANT_ID);
        if (claims.getJWTID() == null || revocations.isRevoked(claims.getJWTID())
                || grantId.map(revocations::isRevoked).orElse(false)) {
            return rejected("The access token has been revoked. Sign in again.");
        }
        Optional<StoredUser> user = Optional.ofNullable(claims.getSubject()).flatMap(users::find);
        if (user.isEmpty()) {
            return rejected("The access token's user no longer exists.");
        }
        Optional<String> clientId = text(claims, AccessTokens.CLIENT_ID);
        Set<Scope> scopes;
        try {
            scopes = Scope.parseAll(text(claims, AccessTokens.SCOPE).orElse(""));
        } catch (MallardException e) {
            return rejected("The access token names a scope this server does not know.");
        }
        return new AuthOutcome.Authenticated(users.principal(user.get(), scopes, "oauth:" + claims.getJWTID(),
                clientId));
    }

    static boolean signedBy(SignedJWT jwt, ECKey key) {
        try {
            return jwt.verify(new ECDSAVerifier(key.toECPublicKey()));
        } catch (JOSEException e) {
            return false;
        }
    }

    private static Optional<String> text(JWTClaimsSet claims, String name) {
        try {
            return Optional.ofNullable(claims.getStringClaim(name));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static AuthOutcome rejected(String reason) {
        return new AuthOutcome.Rejected(reason);
    }
}
