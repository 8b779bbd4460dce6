package dev.mallard.tools;

/**
 * What a tool knows about its call that the audit log wants: the database and SQL it ran, the
 * mutation it made or decided, and the rows it returned or changed. Any may be null.
 */
public record AuditFacts(String database, String sql, String mutationId, Long rows) {
    public static final AuditFacts NONE = new AuditFacts(null, null, null, null);
}
