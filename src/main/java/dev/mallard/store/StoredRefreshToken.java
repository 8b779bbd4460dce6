package dev.mallard.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A refresh token as stored: its SHA-256 hash. Every use rotates it: the token is marked used and a
 * new one of the same grant replaces it.
 *
 * @param grantId the family of tokens rotated from one authorization code
 * @param scopes the scope labels, separated by spaces
 */
public record StoredRefreshToken(String tokenHash, String grantId, String clientId, String user, String scopes,
        Instant createdAt, Instant expiresAt, Optional<Instant> usedAt, Optional<Instant> revokedAt) {}
