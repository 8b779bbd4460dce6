package dev.mallard.engine.values;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Number rules shared by every encoder.
 *
 * <p>JSON numbers have no precision of their own, but most clients (JavaScript, and every JSON
 * library that parses numbers into IEEE doubles) read them as doubles. A number those clients would
 * silently round is therefore written as a string of its exact digits instead: a client can always
 * turn a string into a number, but it cannot undo a rounding it never noticed. The decision is made
 * per value, so a BIGINT column keeps small values as numbers.
 */
final class JsonNumbers {

    /** 2^53 - 1: the largest integer below which every integer is exactly a double. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final BigInteger MIN_SAFE = BigInteger.valueOf(-MAX_SAFE_INTEGER);

    /** A double carries 15 significant decimal digits through a decimal-binary-decimal round trip. */
    private static final int MAX_EXACT_DECIMAL_DIGITS = 15;

    private JsonNumbers() {}

    /** An integer as a number when a double holds it exactly, else as a string of its digits. */
    static Object integer(long value) {
        return value >= -MAX_SAFE_INTEGER && value <= MAX_SAFE_INTEGER ? (Object) value : Long.toString(value);
    }

    /** As {@link #integer(long)}, for HUGEINT, UHUGEINT and UBIGINT. */
    static Object integer(BigInteger value) {
        // bitLength() ignores the sign: 53 bits covers 2^53 - 1 but also -2^53, which is one too far.
        int bits = value.bitLength();
        if (bits < 53 || (bits == 53 && value.compareTo(MIN_SAFE) >= 0)) {
            return value.longValue();
        }
        return value.toString();
    }

    /**
     * As {@link #integer(long)}, for BIGNUM, which the driver hands over as its decimal text. More
     * than 16 digits is always beyond 2^53 - 1, so long values never need parsing.
     */
    static Object integer(String digits) {
        int length = digits.length() - (digits.startsWith("-") ? 1 : 0);
        if (length <= 16) {
            try {
                return integer(Long.parseLong(digits));
            } catch (NumberFormatException e) {
                return digits;
            }
        }
        return digits;
    }

    /**
     * A decimal as a number, keeping DuckDB's scale ({@code 1.50}), when a double holds its digits
     * exactly; else as a plain string of the exact digits.
     */
    static Object decimal(BigDecimal value) {
        if (value.precision() <= MAX_EXACT_DECIMAL_DIGITS
                || value.stripTrailingZeros().precision() <= MAX_EXACT_DECIMAL_DIGITS) {
            return value;
        }
        return value.toPlainString();
    }

    /**
     * A float as is: {@link Float} is written with the shortest digits that read back as the same
     * float ({@code 0.1}, not the double widening {@code 0.10000000149011612}). JSON has no NaN or
     * infinities, so those become the strings Java and JavaScript both parse back.
     */
    static Object real(float value) {
        return Float.isFinite(value) ? (Object) value : nonFinite(value);
    }

    /** As {@link #real(float)}, for doubles. */
    static Object real(double value) {
        return Double.isFinite(value) ? (Object) value : nonFinite(value);
    }

    private static String nonFinite(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return value > 0 ? "Infinity" : "-Infinity";
    }
}
