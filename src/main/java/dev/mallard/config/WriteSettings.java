package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.time.Duration;

/**
 * Writes: the mode, and how long a previewed change waits for its confirmation.
 */
public record WriteSettings(WriteMode mode, Duration mutationTtl) {
    public static final Duration DEFAULT_MUTATION_TTL = Duration.ofMinutes(10);
    public static final WriteSettings OFF = new WriteSettings(WriteMode.OFF, DEFAULT_MUTATION_TTL);
    public static final WriteSettings DIRECT = new WriteSettings(WriteMode.DIRECT, DEFAULT_MUTATION_TTL);
    public static final WriteSettings CONFIRM = new WriteSettings(WriteMode.CONFIRM, DEFAULT_MUTATION_TTL);

    public WriteSettings {
        if (mutationTtl.isNegative() || mutationTtl.isZero()) {
            throw MallardException.configuration("--mutation-ttl must be positive (got " + mutationTtl + ").");
        }
    }

    public boolean allowed() {
        return mode != WriteMode.OFF;
    }
}
