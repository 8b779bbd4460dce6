package dev.mallard.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An authorization code as stored: its SHA-256 hash and what it was issued for.
 *
 * @param redirectUriGiven whether the authorization request named the redirect URI, in which case the
 *     token request must repeat it (RFC 6749 section 4.1.3)
 * @param codeChallenge the PKCE S256 challenge (RFC 7636)
 * @param grantId the grant the tokens issued for this code belong to
 * @param usedAt when it was exchanged; a code is used once
 */
public record StoredAuthorizationCode(String codeHash, String clientId, String user, String redirectUri,
        boolean redirectUriGiven, String scopes, String codeChallenge, String grantId, Instant createdAt,
        Instant expiresAt, Optional<Instant> usedAt) {}
