package dev.mallard.oauth.upstream;

import java.time.Instant;

/**
 * A sign-in sent to the upstream provider and not yet answered: what Mallard must check the answer
 * against, and which of Mallard's own authorization requests it continues.
 *
 * @param state the value the provider returns unchanged, binding its answer to this browser's request
 *     (OAuth 2.0, RFC 6749 section 10.12); the key of the pending sign-in, used once
 * @param nonce the value the ID token must carry (OpenID Connect Core 1.0 section 3.1.2.1)
 * @param codeVerifier the PKCE secret whose S256 hash the authorization request carried (RFC 7636 section 4.1)
 * @param reference opaque to this package: Mallard's pending authorization request to continue
 */
public record PendingSignIn(String state, String nonce, String codeVerifier, Instant createdAt, String reference) {
    /** Leaves out the nonce and the code verifier, which must not reach a log. */
    @Override
    public String toString() {
        return "PendingSignIn[createdAt=" + createdAt + ", reference=" + reference + "]";
    }
}
