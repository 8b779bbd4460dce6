package dev.mallard.sources;

import java.time.Clock;
import java.time.Duration;

/**
 * How served sources tell time: the clock that freshness, schedules and sync outcomes are measured
 * by, and how often the scheduler looks for sources added or removed by the CLI and for syncs that
 * are due. Tests shorten the tick and move the clock; a served Mallard runs on {@link #DEFAULT}.
 */
public record SourceTiming(Clock clock, Duration tick) {
    public static final SourceTiming DEFAULT = new SourceTiming(Clock.systemUTC(), Duration.ofSeconds(30));
}
