package dev.mallard.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reading and writing dotted, optionally quoted DuckDB names such as {@code demo."My Schema".orders}. */
public final class Identifiers {
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]*");

    private Identifiers() {}

    public static String quoteIfNeeded(String name) {
        return PLAIN.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
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
