package dev.mallard.cli;

import dev.mallard.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Durations as people write them ({@link Durations}): {@code 55s}, {@code 2m}, {@code 1h}, {@code 30d}, {@code 500ms}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException("'" + value
                + "' is not a duration; write it as " + Durations.FORMS + "."));
    }
}
