package dev.mallard.engine.values;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * ISO-8601 text for DuckDB's date and time types, independent of the JVM default time zone.
 *
 * <p>DuckDB stores {@code infinity} and {@code -infinity} as the extreme values of the underlying
 * integer and the JDBC driver converts those like any other value (DATE {@code 'infinity'} arrives as
 * {@code +5881580-07-11}), so the extremes are recognised here and written as DuckDB spells them.
 *
 * <p>Years use astronomical numbering (1 BC is year 0) and a leading {@code +} beyond 9999, as
 * {@link LocalDate#toString()} and ISO-8601's expanded representation do. Fractions of a second are
 * written only as far as they are non-zero.
 */
final class IsoDateTimes {

    static final String INFINITY = "infinity";
    static final String NEGATIVE_INFINITY = "-infinity";

    /** DuckDB's DATE infinities: days since the epoch, +-(2^31 - 1). */
    private static final long DATE_INFINITY = Integer.MAX_VALUE;

    /** DuckDB's TIMESTAMP infinities in every unit: +-(2^63 - 1) seconds, millis, micros or nanos. */
    private static final long TIMESTAMP_INFINITY = Long.MAX_VALUE;

    /**
     * The date-times the driver makes of the infinities of TIMESTAMP (micros), TIMESTAMP_MS and
     * TIMESTAMP_NS. Each has a fraction no value of the other units can have, or lies outside their
     * range, so one set serves every unit. TIMESTAMP_S infinities never get this far: the driver
     * fails to convert them.
     */
    private static final Set<LocalDateTime> INFINITIES = Set.of(
            utc(Instant.ofEpochSecond(TIMESTAMP_INFINITY / 1_000_000, TIMESTAMP_INFINITY % 1_000_000 * 1_000)),
            utc(Instant.ofEpochMilli(TIMESTAMP_INFINITY)),
            utc(Instant.ofEpochSecond(TIMESTAMP_INFINITY / 1_000_000_000, TIMESTAMP_INFINITY % 1_000_000_000)));
    private static final Set<LocalDateTime> NEGATIVE_INFINITIES = Set.of(
            utc(Instant.ofEpochSecond(-TIMESTAMP_INFINITY / 1_000_000, -TIMESTAMP_INFINITY % 1_000_000 * 1_000)),
            utc(Instant.ofEpochMilli(-TIMESTAMP_INFINITY)),
            utc(Instant.ofEpochSecond(-TIMESTAMP_INFINITY / 1_000_000_000, -TIMESTAMP_INFINITY % 1_000_000_000)));

    /** Finite TIMESTAMP_NS values lie within these years; only values outside may be infinities. */
    private static final int FIRST_ORDINARY_YEAR = 1678;
    private static final int LAST_ORDINARY_YEAR = 2261;

    private static final Instant INSTANT_INFINITY = fromEpochMicros(TIMESTAMP_INFINITY);
    private static final Instant INSTANT_NEGATIVE_INFINITY = fromEpochMicros(-TIMESTAMP_INFINITY);

    private IsoDateTimes() {}

    /** DATE: {@code 2024-02-29}, {@code -0044-03-15}, {@code +12345-01-01}, {@code infinity}. */
    static String date(LocalDate date) {
        long day = date.toEpochDay();
        if (day == DATE_INFINITY) {
            return INFINITY;
        }
        if (day == -DATE_INFINITY) {
            return NEGATIVE_INFINITY;
        }
        return date.toString();
    }

    /** TIME: always with seconds ({@code 12:00:00}), unlike {@link LocalTime#toString()}. */
    static String time(LocalTime time) {
        StringBuilder text = new StringBuilder(18);
        appendTime(text, time);
        return text.toString();
    }

    /** TIME WITH TIME ZONE: {@code 12:34:56+02:00}; a zero offset is {@code Z}. */
    static String time(OffsetTime time) {
        StringBuilder text = new StringBuilder(24);
        appendTime(text, time.toLocalTime());
        return text.append(time.getOffset().getId()).toString();
    }

    /** TIMESTAMP from DuckDB's own value: microseconds since 1970-01-01T00:00 (a wall-clock reading). */
    static String timestampMicros(long micros) {
        if (micros == TIMESTAMP_INFINITY) {
            return INFINITY;
        }
        if (micros == -TIMESTAMP_INFINITY) {
            return NEGATIVE_INFINITY;
        }
        return dateTime(utc(fromEpochMicros(micros)));
    }

    /** TIMESTAMP WITH TIME ZONE from DuckDB's own value: microseconds since the epoch, written in UTC. */
    static String timestampTzMicros(long micros) {
        if (micros == TIMESTAMP_INFINITY) {
            return INFINITY;
        }
        if (micros == -TIMESTAMP_INFINITY) {
            return NEGATIVE_INFINITY;
        }
        return dateTime(utc(fromEpochMicros(micros))) + "Z";
    }

    /** TIMESTAMP of any unit, as the driver's date-time in UTC: {@code 2024-01-02T03:04:05.123456}. */
    static String timestamp(LocalDateTime dateTime) {
        int year = dateTime.getYear();
        if (year < FIRST_ORDINARY_YEAR || year > LAST_ORDINARY_YEAR) {
            if (INFINITIES.contains(dateTime)) {
                return INFINITY;
            }
            if (NEGATIVE_INFINITIES.contains(dateTime)) {
                return NEGATIVE_INFINITY;
            }
        }
        return dateTime(dateTime);
    }

    /**
     * TIMESTAMP inside a nested value, where the driver hands out {@link Timestamp}, built by
     * {@link Timestamp#valueOf(LocalDateTime)} from the date-time in UTC. Its fields come back as they
     * went in, with two exceptions at the edges of the calendar: the Julian calendar behind it reports
     * BC years as years of the era (1 BC comes back as year 1), which is undone here, and the
     * TIMESTAMP_MS infinities overflow its milliseconds, so infinities are recognised by building the
     * same Timestamp the driver builds for each of them.
     */
    static String timestamp(Timestamp timestamp) {
        LocalDateTime dateTime = timestamp.toLocalDateTime();
        int year = dateTime.getYear();
        if (year < FIRST_ORDINARY_YEAR || year > LAST_ORDINARY_YEAR) {
            if (INFINITIES.stream().anyMatch(infinity -> timestamp.equals(Timestamp.valueOf(infinity)))) {
                return INFINITY;
            }
            if (NEGATIVE_INFINITIES.stream().anyMatch(infinity -> timestamp.equals(Timestamp.valueOf(infinity)))) {
                return NEGATIVE_INFINITY;
            }
            if (timestamp.getTime() < Timestamp.valueOf(LocalDateTime.of(1, 1, 1, 0, 0)).getTime()) {
                dateTime = dateTime.withYear(1 - year);
            }
        }
        return timestamp(dateTime);
    }

    /**
     * TIMESTAMP WITH TIME ZONE inside a nested value, written in UTC.
     *
     * <p>The driver builds this {@link OffsetDateTime} from the right wall-clock time in the JVM
     * default zone but looks the offset up at the wrong instant, so in the hours next to a daylight
     * saving change it can carry the wrong offset. The wall-clock time is resolved again here, keeping
     * the driver's offset whenever it is valid. Within the repeated hour of a change back, where both
     * offsets are valid, the driver's choice stands: only a JVM running in UTC avoids that.
     */
    static String timestampTz(OffsetDateTime dateTime) {
        Instant instant = dateTime.toInstant();
        ZoneId zone = ZoneId.systemDefault();
        if (!zone.getRules().isFixedOffset()) {
            instant = ZonedDateTime.ofLocal(dateTime.toLocalDateTime(), zone, dateTime.getOffset()).toInstant();
        }
        if (!instant.isBefore(INSTANT_INFINITY)) {
            return INFINITY;
        }
        if (!instant.isAfter(INSTANT_NEGATIVE_INFINITY)) {
            return NEGATIVE_INFINITY;
        }
        return dateTime(utc(instant)) + "Z";
    }

    /**
     * TIMESTAMPTZ_NS, which the driver hands over as DuckDB's text, {@code 2024-01-02 01:04:05.5+00},
     * in the session time zone. Written in UTC like TIMESTAMP WITH TIME ZONE; text it cannot read is
     * returned unchanged.
     */
    static String timestampTzText(String text) {
        int time = text.indexOf(' ');
        int offset = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (time < 0 || offset < time) {
            return text; // infinity, -infinity, or a shape this version does not know
        }
        try {
            LocalDateTime local = LocalDateTime.parse(text.substring(0, time) + 'T' + text.substring(time + 1, offset));
            ZoneOffset zone = ZoneOffset.of(text.substring(offset));
            return dateTime(utc(local.toInstant(zone))) + "Z";
        } catch (DateTimeException e) {
            return text;
        }
    }

    private static String dateTime(LocalDateTime dateTime) {
        StringBuilder text = new StringBuilder(32);
        appendDate(text, dateTime.getYear(), dateTime.getMonthValue(), dateTime.getDayOfMonth());
        text.append('T');
        appendTime(text, dateTime.toLocalTime());
        return text.toString();
    }

    /** The same text as {@link LocalDate#toString()}, without building a LocalDate. */
    private static void appendDate(StringBuilder text, int year, int month, int day) {
        int absYear = Math.abs(year);
        if (absYear < 1000) {
            if (year < 0) {
                text.append('-');
            }
            text.append('0').append((char) ('0' + absYear / 100));
            appendTwoDigits(text, absYear % 100);
        } else {
            if (year > 9999) {
                text.append('+');
            }
            text.append(year);
        }
        text.append('-');
        appendTwoDigits(text, month);
        text.append('-');
        appendTwoDigits(text, day);
    }

    private static void appendTime(StringBuilder text, LocalTime time) {
        appendTwoDigits(text, time.getHour());
        text.append(':');
        appendTwoDigits(text, time.getMinute());
        text.append(':');
        appendTwoDigits(text, time.getSecond());
        int nanos = time.getNano();
        if (nanos != 0) {
            text.append('.');
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            String fraction = Integer.toString(nanos);
            text.repeat('0', digits - fraction.length()).append(fraction);
        }
    }

    private static void appendTwoDigits(StringBuilder text, int value) {
        text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static Instant fromEpochMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
