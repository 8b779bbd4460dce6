package dev.mallard.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A registered source as the state store keeps it. The secret is not part of it: it is read only by
 * a sync ({@link SourceStore#secret}).
 *
 * @param kind what the source is ({@code api}; file and DuckDB-file kinds later)
 * @param spec the kind's own description of the source, as JSON
 * @param every how often it is synced on schedule, if at all
 * @param staleAfter the age after which its data counts as stale, if it can be
 * @param hasSecret whether a secret is stored for it
 */
public record StoredSource(String name, String kind, String spec, Optional<Duration> every,
        Optional<Duration> staleAfter, boolean hasSecret, String createdBy, Instant createdAt, SyncState sync) {

    /**
     * The outcome of the latest sync attempts.
     *
     * @param tableRows the rows of each table of the current version, as JSON {@code {"table": rows}}
     */
    public record SyncState(Optional<Instant> lastAttempt, Optional<Instant> lastSuccess, Optional<String> lastError,
            Optional<String> version, Optional<String> tableRows) {
        public static final SyncState NEVER = new SyncState(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
