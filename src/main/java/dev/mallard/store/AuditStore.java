package dev.mallard.store;

import java.util.List;

/** The durable audit log. */
public interface AuditStore {
    /** Appends entries in one transaction. */
    void append(List<AuditEntry> entries);

    List<AuditEntry> recent(AuditQuery query);
}
