package dev.mallard.mutations;

import dev.mallard.engine.ChangeReport;
import java.time.Instant;

/**
 * A previewed change waiting for its confirmation.
 *
 * @param report what it would do, computed in a transaction that was rolled back
 */
public record Mutation(String id, String database, String sql, Instant expiresAt, ChangeReport report) {}
