package dev.mallard.store;

import java.time.Instant;

/** Which audit entries to read: the newest {@code limit} that match, newest first. */
public record AuditQuery(Instant since, String tool, String principal, int limit) {}
