package dev.mallard.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * Checks the {@code Authorization: Bearer} credential of a request (RFC 6750 section 2.1): an API
 * key, or an access token from Mallard's authorization server when OAuth is on.
 */
public final class BearerAuthenticator {
    private final ApiKeys keys;
    private final Optional<AccessTokenVerifier> tokens;

    public BearerAuthenticator(ApiKeys keys, Optional<AccessTokenVerifier> tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    public AuthOutcome authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new AuthOutcome.Missing();
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return new AuthOutcome.Rejected("Send the credential as 'Authorization: Bearer <token>'.");
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty()) {
            return new AuthOutcome.Missing();
        }
        if (ApiKeys.looksLikeKey(token)) {
            return keys.authenticate(token);
        }
        return tokens.flatMap(verifier -> verifier.verify(token))
                .orElseGet(() -> new AuthOutcome.Rejected("The access token is not valid."));
    }
}
