package dev.mallard.auth;

import java.util.Optional;

/**
 * Checks a bearer token that is not an API key: an access token issued by Mallard's authorization
 * server. Returns empty when the token is not one this verifier knows how to read.
 */
public interface AccessTokenVerifier {
    Optional<AuthOutcome> verify(String token);
}
