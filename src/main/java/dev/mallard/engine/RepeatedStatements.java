package dev.mallard.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which statement texts the query tool ran lately, so that a text that comes again is
 * kept prepared ({@link EngineConnection#kept}). DuckDB parses, binds and optimises a statement on
 * every direct run; a kept prepared statement skips the parser, which in DuckDB 2.0 is the largest
 * part of a small query's cost (SELECT 42 in-process: 200 µs run directly, 100 µs as a kept
 * prepared statement). Preparing first and then executing costs more than one direct run (340 µs),
 * so a text seen for the first time runs directly, as a look-up with a new id always does. Only as
 * many texts are remembered as the connections can keep: a text that comes again after more
 * distinct ones than that would be evicted before its next run, and preparing it would cost more
 * than it saves (DuckDB 2.0 plans a kept statement that reads a table again at every execution,
 * so keeping saves the parse only, while the prepare plans once more: a GROUP BY over `orders`
 * prepares in 10.5 ms, a three-table join in 1.4 ms).
 *
 * <p>Texts are remembered by a 64-bit hash, so the memory is bounded whatever their length. Two
 * texts that share a hash only make the second one prepared a call sooner: the kept statements
 * themselves are found by their whole text.
 */
final class RepeatedStatements {
    /** Texts longer than this are always run directly (their parse is a small part of their cost). */
    static final int KEEPABLE_LENGTH = 8_192;
    private final Map<Long, Boolean> seen;

    /** @param remembered how many of the latest distinct texts to remember */
    RepeatedStatements(int remembered) {
        this.seen = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > remembered;
            }
        };
    }

    /**
     * Notes that {@code sql} runs now; true when it ran lately already and is worth keeping prepared.
     * Text with a parameter mark ({@code ?}, {@code $1}) is always run directly, so that it fails
     * as it always did: a prepared statement would ask for the parameter's value instead.
     */
    boolean cameAgain(String sql) {
        if (sql.length() > KEEPABLE_LENGTH || sql.indexOf('?') >= 0 || sql.indexOf('$') >= 0) {
            return false;
        }
        Long key = hash(sql);
        synchronized (seen) {
            return seen.put(key, Boolean.TRUE) != null;
        }
    }

    /** FNV-1a over the UTF-16 code units. */
    private static long hash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
