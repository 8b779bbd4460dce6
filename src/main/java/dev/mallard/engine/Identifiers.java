package dev.mallard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading and writing dotted, optionally quoted DuckDB names such as {@code demo."My Schema".orders}. */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * DuckDB's keywords that cannot stand for a name everywhere unquoted: the reserved, type/function
     * and column-name keywords of {@code duckdb_keywords()} (the unreserved ones are safe).
     */
    static final Set<String> KEYWORDS = Set.of(("all analyse analyze and anti any array as asc asof asymmetric at "
            + "authorization between bigint binary bit boolean both by case cast char character check coalesce "
            + "collate collation column columns concurrently constraint create cross dec decimal default deferrable "
            + "desc describe distinct do else end except exists extract false fetch float for foreign freeze from "
            + "full generated glob group grouping grouping_id having ilike in initially inner inout int integer "
            + "intersect interval into is isnull join lambda lateral leading left like limit map national natural "
            + "nchar none not notnull null nullif numeric offset on only or order out outer overlaps overlay pivot "
            + "pivot_longer pivot_wider placing position positional precision primary qualify real references "
            + "returning right row select semi setof show similar smallint some struct substring summarize "
            + "symmetric table tablesample then time timestamp to trailing treat trim true try_cast tuple union "
            + "unique unpack unpivot using values varchar variadic verbose when where window with xmlattributes "
            + "xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize "
            + "xmltable").split(" "));

    private Identifiers() {}

    /** The name as DuckDB SQL reads it: bare when it is a plain lower-case word, double-quoted otherwise. */
    public static String quoteIfNeeded(String name) {
        return PLAIN.matcher(name).matches() && !KEYWORDS.contains(name) ? name : SqlText.identifier(name);
    }

    public static String qualify(String... parts) {
        List<String> quoted = new ArrayList<>(parts.length);
        for (String part : parts) {
            quoted.add(quoteIfNeeded(part));
        }
        return String.join(".", quoted);
    }

    /**
     * Splits a dotted name; double-quoted parts keep their dots and case. Unquoted parts keep their
     * text (DuckDB matches them case-insensitively).
     */
    public static List<String> split(String dotted) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < dotted.length(); i++) {
            char c = dotted.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < dotted.length() && dotted.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == '.' && !quoted) {
                parts.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString().strip());
        return parts;
    }

    public static boolean same(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
