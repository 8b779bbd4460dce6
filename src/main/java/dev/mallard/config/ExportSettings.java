package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.time.Duration;

/**
 * The export area of {@code export_query}: how long an exported file stays downloadable, and how many
 * bytes all exported files together may take.
 */
public record ExportSettings(Duration ttl, long maxBytes) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    public static final long DEFAULT_MAX_BYTES = 10L << 30;
    public static final ExportSettings DEFAULTS = new ExportSettings(DEFAULT_TTL, DEFAULT_MAX_BYTES);

    public ExportSettings {
        if (ttl.isNegative() || ttl.isZero()) {
            throw MallardException.configuration("--export-ttl must be positive (got " + ttl + ").");
        }
        if (maxBytes < 1) {
            throw MallardException.configuration("--export-max-bytes must be at least 1 (got " + maxBytes + ").");
        }
    }
}
