package dev.mallard.bench;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Compares what an MCP tool returned (JSON decoded into maps, lists, numbers and strings) with an
 * expected value from the workload file or from DuckDB JDBC: numbers by value, timestamps in ISO
 * form, lists element by element, everything else as text.
 */
final class AnswerValues {
    /** Decimals travel as JSON doubles; a sum of many of them may differ in the last bits. */
    private static final BigDecimal RELATIVE_TOLERANCE = new BigDecimal("1e-9");

    private AnswerValues() {}

    /** The value at a JSON pointer ({@code /rows/0/1}) of a decoded JSON tree, or null if there is none. */
    static Object at(Object tree, String pointer) {
        Object node = tree;
        if (pointer.isEmpty() || pointer.equals("/")) {
            return node;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            String key = token.replace("~1", "/").replace("~0", "~");
            node = switch (node) {
                case Map<?, ?> map -> map.get(key);
                case List<?> list -> index(list, key);
                case null, default -> null;
            };
        }
        return node;
    }

    private static Object index(List<?> list, String key) {
        try {
            int index = Integer.parseInt(key);
            return index >= 0 && index < list.size() ? list.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean same(Object actual, Object expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        if (actual instanceof List<?> actualList && expected instanceof List<?> expectedList) {
            if (actualList.size() != expectedList.size()) {
                return false;
            }
            for (int i = 0; i < actualList.size(); i++) {
                if (!same(actualList.get(i), expectedList.get(i))) {
                    return false;
                }
            }
            return true;
        }
        BigDecimal actualNumber = number(actual);
        BigDecimal expectedNumber = number(expected);
        if (actualNumber != null && expectedNumber != null) {
            return closeEnough(actualNumber, expectedNumber);
        }
        return text(actual).equals(text(expected));
    }

    private static boolean closeEnough(BigDecimal actual, BigDecimal expected) {
        if (actual.compareTo(expected) == 0) {
            return true;
        }
        BigDecimal scale = expected.abs().max(BigDecimal.ONE);
        return actual.subtract(expected).abs().compareTo(scale.multiply(RELATIVE_TOLERANCE)) <= 0;
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString());
            } catch (NumberFormatException e) {
                return null; // NaN or infinity: compared as text
            }
        }
        if (value instanceof String text && !text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-')) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** The text of a value as the tools render it (timestamps as ISO local date-time). */
    static String text(Object value) {
        return switch (value) {
            case Timestamp timestamp -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp.toLocalDateTime());
            case LocalDateTime dateTime -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
            default -> String.valueOf(value);
        };
    }

    /** A short rendering for a report line: long values are cut. */
    static String brief(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
