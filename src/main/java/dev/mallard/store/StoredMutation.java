package dev.mallard.store;

import java.time.Instant;

/**
 * A previewed change as stored: what was shown to the caller and what must hold when it is applied.
 *
 * @param preview the preview shown, as JSON
 * @param plan the statements and the checks to repeat when applying, as JSON
 * @param outcome what happened when it was decided (applied, cancelled, ...), as JSON or text
 */
public record StoredMutation(String id, String principal, String database, String sql, String preview, String plan,
        MutationStatus status, Instant createdAt, Instant expiresAt, Instant decidedAt, String outcome) {}
