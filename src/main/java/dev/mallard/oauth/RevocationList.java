package dev.mallard.oauth;

import dev.mallard.store.OAuthStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Access tokens are checked without a store lookup, so revoking one (RFC 7009), or a whole grant,
 * puts its id here until the tokens it covers have expired. Kept in memory and re-read from the store
 * every few seconds, so a revocation on another replica takes effect within that time.
 */
final class RevocationList {
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private record Snapshot(Map<String, Instant> revoked, Instant readAt) {}

    private final OAuthStore store;
    private final Clock clock;
    private volatile Snapshot snapshot;

    RevocationList(OAuthStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.snapshot = read();
    }

    void revoke(String id, Instant until) {
        store.insertRevokedToken(id, until);
        snapshot = read();
    }

    boolean isRevoked(String id) {
        Snapshot current = snapshot;
        if (Duration.between(current.readAt(), clock.instant()).compareTo(REFRESH) >= 0) {
            current = read();
            snapshot = current;
        }
        return current.revoked().containsKey(id);
    }

    private Snapshot read() {
        Instant now = clock.instant();
        return new Snapshot(Map.copyOf(store.revokedTokens(now)), now);
    }
}
