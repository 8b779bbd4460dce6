package dev.mallard.bench;

/**
 * What one call gave: an error of some kind or an answer, its size, and the value that a
 * {@code same_as} check compares with the engine afterwards.
 */
record Outcome(ErrorKind error, String message, long resultChars, Object checkedValue) {

    static Outcome answer(long resultChars, Object checkedValue) {
        return new Outcome(null, null, resultChars, checkedValue);
    }

    static Outcome failed(ErrorKind error, String message) {
        return new Outcome(error, message, 0, null);
    }
}
