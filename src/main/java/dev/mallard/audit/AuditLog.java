package dev.mallard.audit;

import dev.mallard.store.AuditEntry;

/** Where every tool call is recorded. */
public interface AuditLog {
    AuditLog NONE = entry -> {};

    /** Records an entry; returns quickly (writing may happen later, but before a clean shutdown ends). */
    void record(AuditEntry entry);
}
