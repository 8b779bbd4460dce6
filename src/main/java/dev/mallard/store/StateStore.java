package dev.mallard.store;

/**
 * Mallard's own state (control plane): pending mutations and the audit log, and later keys, clients
 * and jobs. Never kept inside the users' DuckDB files. Implementations: SQLite (embedded, the
 * default) and, to share state between replicas, PostgreSQL.
 */
public interface StateStore extends AutoCloseable {
    MutationStore mutations();

    AuditStore audit();

    /** Where the state lives, for logs and messages; never holds a password. */
    String description();

    @Override
    void close();
}
