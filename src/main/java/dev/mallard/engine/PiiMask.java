package dev.mallard.engine;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The columns a caller may see only masked: for each table (database, schema, name, lower case) the
 * lower-case names of its PII columns, and the tables flagged PII as a whole, every column of which
 * is masked (the columns are those of the table when it is read, so a column added later is masked
 * too). Empty for a caller allowed to see personal data, or when nothing is flagged, so that the
 * plain query path does no extra work.
 *
 * @param salt a secret mixed into every masked value, so that the hash of a guessed value cannot be
 *     computed by the caller; the same for every table, so that masked columns still join
 */
public record PiiMask(Map<List<String>, Set<String>> columns, Set<List<String>> tables, String salt) {
    public static final PiiMask NONE = new PiiMask(Map.of(), Set.of(), "");

    public PiiMask {
        columns = Map.copyOf(columns);
        tables = Set.copyOf(tables);
    }

    public boolean isEmpty() {
        return columns.isEmpty() && tables.isEmpty();
    }

    /** The key of a table in {@link #columns()}. */
    public static List<String> key(String database, String schema, String table) {
        return List.of(database.toLowerCase(Locale.ROOT), schema.toLowerCase(Locale.ROOT),
                table.toLowerCase(Locale.ROOT));
    }

    /** Whether some column of the table is masked. */
    boolean covers(List<String> table) {
        return tables.contains(table) || columns.containsKey(table);
    }

    /** Whether a table of this name (in any database or schema) has a masked column. */
    boolean mayName(String table) {
        String name = table.toLowerCase(Locale.ROOT);
        return tables.stream().anyMatch(key -> key.get(2).equals(name))
                || columns.keySet().stream().anyMatch(key -> key.get(2).equals(name));
    }

    /** Whether the column (lower case) of the table is masked. */
    boolean masks(List<String> table, String column) {
        return tables.contains(table) || columns.getOrDefault(table, Set.of()).contains(column);
    }

    /** The masked columns of a table whose columns are {@code all} (lower case). */
    Set<String> of(List<String> table, List<String> all) {
        return tables.contains(table) ? Set.copyOf(all) : columns.getOrDefault(table, Set.of());
    }

    /** The tables with a masked column. */
    Set<List<String>> coveredTables() {
        Set<List<String>> covered = new HashSet<>(tables);
        covered.addAll(columns.keySet());
        return covered;
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
