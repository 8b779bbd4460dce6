package dev.mallard.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in flags and the config file: {@code 55s}, {@code 2m}, {@code 1h},
 * {@code 30d}, {@code 500ms}, or seconds alone.
 */
public final class Durations {
    /** How a duration is written, for error messages. */
    public static final String FORMS = "55s, 2m, 1h, 30d or 500ms";

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {}

    /** The duration {@code text} writes, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        Matcher matcher = FORMAT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        });
    }
}
