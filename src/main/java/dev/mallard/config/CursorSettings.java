package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.time.Duration;

/**
 * What Mallard keeps of truncated {@code query} results so agents can page through them with a
 * cursor: how long, and how much.
 *
 * @param ttl how long a cursor lives after its last use
 * @param maxResultBytes the most encoded row bytes kept of one result; rows past it cannot be paged
 * @param maxMemoryBytes the most bytes all snapshots may take in memory together: the rows of small ones,
 *     and the query text and columns every snapshot keeps
 * @param maxDiskBytes the most bytes all snapshot files may take together
 */
public record CursorSettings(Duration ttl, long maxResultBytes, long maxMemoryBytes, long maxDiskBytes) {
    public static final CursorSettings DEFAULTS = new CursorSettings(Duration.ofMinutes(10), 16L << 20, 64L << 20,
            1L << 30);

    public CursorSettings {
        if (ttl.isNegative() || ttl.isZero()) {
            throw MallardException.configuration("--cursor-ttl must be positive (got " + ttl + ").");
        }
        if (maxResultBytes < 1 || maxMemoryBytes < 0 || maxDiskBytes < 0) {
            throw MallardException.configuration("Cursor storage limits must be positive.");
        }
    }

    public CursorSettings withTtl(Duration newTtl) {
        return new CursorSettings(newTtl, maxResultBytes, maxMemoryBytes, maxDiskBytes);
    }
}
