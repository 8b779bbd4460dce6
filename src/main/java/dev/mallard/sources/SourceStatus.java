package dev.mallard.sources;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A registered source as agents and the CLI see it: its kind, tables and row counts of the current
 * version, schedule, freshness and the latest sync's outcome. Never holds the secret.
 *
 * @param url where the data comes from: an API's base URL, a DuckDB file's path, each file table's
 *     {@code table=pattern}
 * @param staleAfter the age after which the data is stale: {@code --stale-after}, or twice the schedule
 */
public record SourceStatus(String name, String kind, String url, Map<String, Long> tableRows, Optional<Duration> every,
        Optional<Duration> staleAfter, boolean hasSecret, Optional<Instant> lastAttempt, Optional<Instant> lastSync,
        Optional<String> lastError) {
    public SourceStatus {
        tableRows = Map.copyOf(tableRows);
    }

    public SourceStatus withTableRows(Map<String, Long> rows) {
        return new SourceStatus(name, kind, url, rows, every, staleAfter, hasSecret, lastAttempt, lastSync, lastError);
    }

    public SourceStatus withError(String error) {
        return new SourceStatus(name, kind, url, tableRows, every, staleAfter, hasSecret, lastAttempt, lastSync,
                Optional.of(error));
    }

    /** How old the data is: the time since the last successful sync. */
    public Optional<Duration> age(Instant now) {
        return lastSync.map(at -> Duration.between(at, now));
    }

    /** Whether the data is older than its threshold; a source with a threshold that never synced is stale. */
    public boolean isStale(Instant now) {
        return staleAfter.isPresent() && age(now).map(age -> age.compareTo(staleAfter.get()) > 0).orElse(true);
    }

    /** Whether the schedule says a sync is due: never attempted, or the last attempt is {@code every} old. */
    public boolean syncDue(Instant now) {
        return every.isPresent() && lastAttempt.map(at -> !at.plus(every.get()).isAfter(now)).orElse(true);
    }
}
