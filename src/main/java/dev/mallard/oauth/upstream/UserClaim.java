package dev.mallard.oauth.upstream;

import dev.mallard.auth.UserDirectory;
import dev.mallard.error.MallardException;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the Mallard user name from a validated ID token's claims. With the default claim,
 * {@code email}, the address must be one the provider verified ({@code email_verified} true,
 * OpenID Connect Core 1.0 section 5.1): an address anyone can type into their profile at the provider
 * would let them sign in as the Mallard user of that name. Addresses are compared in lower case, so
 * that Alice@Example.com and alice@example.com are one user.
 */
final class UserClaim {
    static final String EMAIL = "email";
    private static final String EMAIL_VERIFIED = "email_verified";

    private UserClaim() {}

    static String userName(Map<String, Object> claims, String claim) {
        Object value = claims.get(claim);
        if (!(value instanceof String text) || text.isBlank()) {
            throw MallardException.invalidArgument("The OpenID Connect provider's ID token has no " + claim
                    + " claim to name the Mallard user by. Allow Mallard's client to read it at the provider (for "
                    + "email: the email scope), or choose another claim with --oidc-user-claim.");
        }
        if (claim.equals(EMAIL)) {
            if (!verified(claims.get(EMAIL_VERIFIED))) {
                throw MallardException.invalidArgument("The OpenID Connect provider has not verified the email "
                        + "address " + text + " (email_verified is " + claims.get(EMAIL_VERIFIED) + "). Verify it at "
                        + "the provider, or name users by a claim the provider controls (--oidc-user-claim).");
            }
            text = text.toLowerCase(Locale.ROOT);
        }
        try {
            return UserDirectory.checkName(text);
        } catch (MallardException e) {
            throw MallardException.invalidArgument("The " + claim + " claim '" + text + "' cannot be a Mallard user "
                    + "name: " + e.getMessage() + " Choose another claim with --oidc-user-claim.");
        }
    }

    /** A JSON boolean; a few providers (Amazon Cognito among them) send the string "true" instead. */
    private static boolean verified(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(value);
    }
}
