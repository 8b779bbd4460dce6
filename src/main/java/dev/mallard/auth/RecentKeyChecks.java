package dev.mallard.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys found valid in the last {@link #LIFETIME}, by the hash of the key, with the principal
 * they act as. A request with a key checked moments ago skips the three state-store reads (key,
 * user, grants) that a check costs, which were the largest part of authenticating a small call.
 *
 * <p>What this costs in freshness: a change that this server makes itself (revoking a key, a grant,
 * removing a user) applies at the next request, because every check remembers the change count it
 * was made under. A change made elsewhere (the CLI while a server runs, another replica) applies
 * within {@link #LIFETIME}. Only valid keys are remembered, so random tokens cannot fill the memory.
 */
final class RecentKeyChecks {
    /** How long a check stands for changes this server cannot see. */
    static final Duration LIFETIME = Duration.ofSeconds(2);
    /** More keys than any deployment has in use at once: past it, everything is forgotten. */
    private static final int MAX_ENTRIES = 10_000;

    private record Check(Principal principal, String keyId, Optional<Instant> expiresAt, Instant checkedAt,
            long changes) {}

    /** A key found in the cache: the principal it acts as and its id. */
    record Hit(Principal principal, String keyId) {}

    private final Map<String, Check> checks = new ConcurrentHashMap<>();

    /** The principal of a key checked less than {@link #LIFETIME} ago, under the same change count, and not expired. */
    Optional<Hit> find(String hash, Instant now, long changes) {
        Check check = checks.get(hash);
        if (check == null) {
            return Optional.empty();
        }
        boolean fresh = check.changes() == changes && now.isBefore(check.checkedAt().plus(LIFETIME))
                && !now.isBefore(check.checkedAt());
        boolean expired = check.expiresAt().isPresent() && !check.expiresAt().get().isAfter(now);
        if (!fresh || expired) {
            checks.remove(hash, check);
            return Optional.empty();
        }
        return Optional.of(new Hit(check.principal(), check.keyId()));
    }

    /**
     * Remembers a key just found valid.
     *
     * @param changes the change count taken before the state store was read
     */
    void remember(String hash, Principal principal, String keyId, Optional<Instant> expiresAt, Instant now,
            long changes) {
        if (checks.size() >= MAX_ENTRIES) {
            checks.clear();
        }
        checks.put(hash, new Check(principal, keyId, expiresAt, now, changes));
    }
}
