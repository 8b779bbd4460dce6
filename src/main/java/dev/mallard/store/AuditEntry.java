package dev.mallard.store;

import java.time.Instant;

/**
 * One tool call, as the audit log keeps it. Never holds a secret: SQL is redacted before it gets
 * here.
 *
 * @param clientId the OAuth client the call came through, when it came with an OAuth token
 * @param outcome {@code ok}, or the error's code ({@code sql_error}, {@code read_only}, ...)
 */
public record AuditEntry(Instant time, String principal, String clientId, String clientName, String clientVersion, String sessionId,
        String tool, String database, String sql, String mutationId, String outcome, Long rowsReturned,
        Long bytesReturned, long durationMillis, String error) {}
