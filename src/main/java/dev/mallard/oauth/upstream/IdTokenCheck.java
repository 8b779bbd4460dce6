package dev.mallard.oauth.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.mallard.error.MallardException;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Validates an ID token as OpenID Connect Core 1.0 section 3.1.3.7 asks of a client: signed with one
 * of the provider's published keys, issued by the configured issuer, for Mallard's client id (and,
 * when it names an authorized party, for Mallard), not expired nor issued in the future beyond a
 * small clock skew, and carrying the nonce of this sign-in (section 3.1.2.1).
 */
final class IdTokenCheck {
    private IdTokenCheck() {}

    static IDTokenClaimsSet validate(ProviderConfiguration provider, String clientId, JWT idToken, String nonce) {
        IDTokenClaimsSet claims;
        try {
            claims = provider.idTokens().validate(idToken, new Nonce(nonce));
        } catch (BadJOSEException | JOSEException e) {
            throw rejected(explain(e, idToken, provider, clientId, nonce));
        }
        // Section 3.1.3.7 item 5: a token made out to another party is not Mallard's, whatever its audience.
        if (claims.getAuthorizedParty() != null && !claims.getAuthorizedParty().getValue().equals(clientId)) {
            throw rejected("it was issued to another client (azp " + claims.getAuthorizedParty() + "). Check that "
                    + "--oidc-client-id is Mallard's client id at the provider.");
        }
        return claims;
    }

    private static MallardException rejected(String why) {
        return MallardException.invalidArgument("The OpenID Connect provider's ID token was not accepted: " + why);
    }

    /**
     * Says which check failed and what to do. Reads the token's claims without trusting them, only to
     * choose the words: the decision was already made, by the validator.
     */
    private static String explain(Exception failure, JWT idToken, ProviderConfiguration provider, String clientId,
            String nonce) {
        // The signature is checked before the claims: a failure there says nothing about the claims.
        if (failure instanceof KeySourceException) {
            // Includes the refusal to fetch the keys again within the minimum interval.
            return "Mallard could not get the provider's signing keys from " + provider.jwksUri() + " ("
                    + failure.getClass().getSimpleName() + "). If the provider has just changed its signing keys, "
                    + "try again in a minute.";
        }
        if (failure instanceof BadJWSException) {
            return "its signature does not verify with the provider's published key " + keyId(idToken) + " (keys at "
                    + provider.jwksUri() + "): the provider did not sign it.";
        }
        JWTClaimsSet claims;
        try {
            claims = idToken.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            return "it is not a readable JWT.";
        }
        if (!provider.issuer().getValue().equals(claims.getIssuer())) {
            return "it was issued by '" + claims.getIssuer() + "', not by " + provider.issuer() + ".";
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            return "it was issued for " + audience + ", not for client " + clientId + ". Check that --oidc-client-id "
                    + "is Mallard's client id at the provider.";
        }
        if (!Objects.equals(nonce, stringClaim(claims, "nonce"))) {
            return "it was not issued for this sign-in (its nonce differs). Start again from your app.";
        }
        Date expiry = claims.getExpirationTime();
        if (expiry != null && expiry.before(new Date())) {
            return "it has expired. Check that the clocks of Mallard's host and the provider agree.";
        }
        return failure.getMessage() + " (signing key " + keyId(idToken) + ", keys at " + provider.jwksUri() + "). "
                + "If the provider has just changed its signing keys, try again in a minute; check also that the "
                + "clocks of Mallard's host and the provider agree.";
    }

    private static String keyId(JWT idToken) {
        return idToken instanceof SignedJWT signed && signed.getHeader().getKeyID() != null
                ? "'" + signed.getHeader().getKeyID() + "'" : "without an id";
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String text ? text : null;
    }
}
