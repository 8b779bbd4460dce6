package dev.mallard.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Registered sources, their secrets and the outcome of their syncs. */
public interface SourceStore {
    /** Adds a source with its secret, if any; false (nothing added) when the name is taken. */
    boolean add(StoredSource source, Optional<String> secret);

    Optional<StoredSource> find(String name);

    List<StoredSource> list();

    /**
     * Replaces the definition (kind, spec, schedule) and the secret of a source created by
     * {@code createdBy}; with {@code resetSync} its sync state goes back to never synced. False when
     * there is no such source (removed, or created by someone else).
     */
    boolean update(StoredSource source, Optional<String> secret, boolean resetSync);

    /** Removes the source and its secret; false when there was none. */
    boolean remove(String name);

    /** The secret a sync sends; never shown to anyone. */
    Optional<String> secret(String name);

    /** Records a sync that published {@code version} with the given row counts (JSON). */
    void recordSuccess(String name, Instant at, String version, String tableRows);

    /** Records a sync that failed; the previous version and its row counts stay. */
    void recordFailure(String name, Instant at, String error);
}
