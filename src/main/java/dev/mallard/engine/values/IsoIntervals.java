package dev.mallard.engine.values;

import java.util.Objects;

/**
 * Converts DuckDB's text for an INTERVAL into an ISO-8601 duration.
 *
 * <p>DuckDB keeps an interval as three independent parts (months, days and microseconds), each
 * with its own sign, because a month is not a fixed number of days nor a day a fixed number of
 * hours across daylight saving changes. Its text mirrors that: {@code 1 year 2 months 3 days
 * 04:05:06.789}, {@code 1 month -2 days -03:00:00}, {@code 100:00:00}. The duration keeps the same
 * parts and signs: {@code P1Y2M3DT4H5M6.789S}, {@code P1M-2DT-3H}, {@code PT100H}. Hours are never
 * folded into days, nor months into days, since that would change the interval's meaning.
 */
public final class IsoIntervals {

    private IsoIntervals() {}

    /**
     * Converts DuckDB interval text, as the JDBC driver returns it, into an ISO-8601 duration.
     *
     * @param duckDbIntervalText for example {@code "-1 year -2 months"} or {@code "-00:00:00.000001"}
     * @return for example {@code "P-1Y-2M"} or {@code "PT-0.000001S"}; {@code "PT0S"} for a zero
     *     interval; text that is not an interval is returned unchanged
     */
    public static String fromDuckDb(String duckDbIntervalText) {
        Objects.requireNonNull(duckDbIntervalText, "duckDbIntervalText");
        try {
            return new Reader(duckDbIntervalText).duration();
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return duckDbIntervalText;
        }
    }

    /** Reads the text left to right: {@code [N year(s)] [N month(s)] [N day(s)] [[-]H:MM:SS[.f]]}. */
    private static final class Reader {
        private final String text;
        private int pos;
        private long years;
        private long months;
        private long days;
        private boolean negativeTime;
        private long hours;
        private long minutes;
        private long seconds;
        private String fraction = "";

        Reader(String text) {
            this.text = text;
        }

        String duration() {
            skipSpaces();
            if (pos == text.length()) {
                return text;
            }
            while (pos < text.length()) {
                int end = tokenEnd();
                if (text.indexOf(':', pos) >= 0 && text.indexOf(':', pos) < end) {
                    time(end);
                } else {
                    long amount = Long.parseLong(text, pos, end, 10);
                    pos = end;
                    skipSpaces();
                    if (!unit(amount, text.substring(pos, tokenEnd()))) {
                        return text;
                    }
                    pos = tokenEnd();
                }
                skipSpaces();
            }
            return iso();
        }

        private boolean unit(long amount, String unit) {
            if (unit.startsWith("year")) {
                years += amount;
            } else if (unit.startsWith("mon")) {
                months += amount;
            } else if (unit.startsWith("day")) {
                days += amount;
            } else {
                return false;
            }
            return true;
        }

        /** {@code [-]H:MM:SS[.ffffff]}; the hours may have any number of digits. */
        private void time(int end) {
            if (text.charAt(pos) == '-') {
                negativeTime = true;
                pos++;
            }
            int colon = text.indexOf(':', pos);
            hours = Long.parseLong(text, pos, colon, 10);
            minutes = Long.parseLong(text, colon + 1, colon + 3, 10);
            if (text.charAt(colon + 3) != ':') {
                throw new NumberFormatException(text);
            }
            int secondsEnd = colon + 6;
            seconds = Long.parseLong(text, colon + 4, secondsEnd, 10);
            if (secondsEnd < end) {
                if (text.charAt(secondsEnd) != '.') {
                    throw new NumberFormatException(text);
                }
                int fractionEnd = end;
                while (fractionEnd > secondsEnd + 1 && text.charAt(fractionEnd - 1) == '0') {
                    fractionEnd--;
                }
                fraction = text.substring(secondsEnd + 1, fractionEnd);
                Long.parseLong(fraction.isEmpty() ? "0" : fraction); // digits only
            }
            pos = end;
        }

        private String iso() {
            StringBuilder iso = new StringBuilder("P");
            part(iso, years, 'Y');
            part(iso, months, 'M');
            part(iso, days, 'D');
            boolean hasSeconds = seconds != 0 || !fraction.isEmpty();
            if (hours != 0 || minutes != 0 || hasSeconds) {
                iso.append('T');
                String sign = negativeTime ? "-" : "";
                if (hours != 0) {
                    iso.append(sign).append(hours).append('H');
                }
                if (minutes != 0) {
                    iso.append(sign).append(minutes).append('M');
                }
                if (hasSeconds) {
                    iso.append(sign).append(seconds);
                    if (!fraction.isEmpty()) {
                        iso.append('.').append(fraction);
                    }
                    iso.append('S');
                }
            }
            return iso.length() == 1 ? "PT0S" : iso.toString();
        }

        private static void part(StringBuilder iso, long amount, char designator) {
            if (amount != 0) {
                iso.append(amount).append(designator);
            }
        }

        private int tokenEnd() {
            int end = pos;
            while (end < text.length() && text.charAt(end) != ' ') {
                end++;
            }
            return end;
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
