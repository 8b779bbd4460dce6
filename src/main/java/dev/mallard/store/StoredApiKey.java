package dev.mallard.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An API key as stored: never the key itself, only its SHA-256 hash.
 *
 * @param id the public identifier shown in listings and the audit log
 * @param scopes the scope labels, separated by spaces
 */
public record StoredApiKey(String id, String user, String name, String secretHash, String scopes, Instant createdAt,
        Optional<Instant> expiresAt, Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {}
