package dev.mallard.store;

/**
 * Mallard's own state (control plane): pending mutations, the audit log, users, grants, API keys,
 * the OAuth authorization server's clients, tokens and keys, annotations on tables and columns, and registered sources.
 * Never kept inside the users' DuckDB files. Implementations: SQLite (embedded, the default) and,
 * to share state between replicas, PostgreSQL.
 */
public interface StateStore extends AutoCloseable {
    MutationStore mutations();

    AuditStore audit();

    IdentityStore identity();

    OAuthStore oauth();

    AnnotationStore annotations();

    SourceStore sources();

    /** Where the state lives, for logs and messages; never holds a password. */
    String description();

    @Override
    void close();
}
