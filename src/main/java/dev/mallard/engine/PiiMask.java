package dev.mallard.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The columns a caller may see only masked: for each table (database, schema, name, lower case) the
 * lower-case names of its PII columns. Empty for a caller allowed to see personal data, or when no
 * column is flagged, so that the plain query path does no extra work.
 *
 * @param salt a secret mixed into every masked value, so that the hash of a guessed value cannot be
 *     computed by the caller; the same for every table, so that masked columns still join
 */
public record PiiMask(Map<List<String>, Set<String>> columns, String salt) {
    public static final PiiMask NONE = new PiiMask(Map.of(), "");

    public PiiMask {
        columns = Map.copyOf(columns);
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    /** The key of a table in {@link #columns()}. */
    public static List<String> key(String database, String schema, String table) {
        return List.of(database.toLowerCase(Locale.ROOT), schema.toLowerCase(Locale.ROOT),
                table.toLowerCase(Locale.ROOT));
    }

    Set<String> of(List<String> table) {
        return columns.getOrDefault(table, Set.of());
    }

    /**
     * The expression a PII column is read through: NULL stays NULL, anything else becomes
     * {@code pii:} and 12 hex digits of a salted MD5, equal for equal values (joins, GROUP BY and
     * COUNT(DISTINCT) still work) and useless for recovering the value.
     */
    String expression(String column) {
        String quoted = SqlText.identifier(column);
        return "CASE WHEN " + quoted + " IS NULL THEN NULL ELSE 'pii:' || left(md5('" + salt + "' || CAST(" + quoted
                + " AS VARCHAR)), 12) END";
    }
}
