package dev.mallard.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds statements that begin or end a transaction (BEGIN, START, COMMIT, END, ROLLBACK, ABORT) in a
 * SQL text. {@code query_rw} runs a call's statements in a transaction of its own; a COMMIT or
 * ROLLBACK among them would end it early, and the statements after it would each commit alone.
 *
 * <p>Only the first word of each statement is looked at. Statements are separated by semicolons
 * outside string literals, quoted identifiers, dollar-quoted strings and comments.
 */
final class TransactionControl {
    private static final Set<String> KEYWORDS = Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT");

    private TransactionControl() {}

    /** The first transaction keyword that starts a statement, upper-case, if any does. */
    static Optional<String> find(String sql) {
        int i = 0;
        int n = sql.length();
        boolean statementStart = true;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == ';') {
                statementStart = true;
                i++;
            } else if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
                statementStart = false;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? n : end + tag.length();
                statementStart = false;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
                if (statementStart && KEYWORDS.contains(word)) {
                    return Optional.of(word);
                }
                statementStart = false;
                i = end;
            } else {
                statementStart = false;
                i++;
            }
        }
        return Optional.empty();
    }

    /** The index after a quoted string or identifier; a doubled quote stays inside it. */
    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** {@code $$} or {@code $tag$} starting at the index, or null when the dollar starts no quote. */
    private static String dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$' && (i == start + 1 || !Character.isDigit(sql.charAt(start + 1)))) {
            return sql.substring(start, i + 1);
        }
        return null;
    }
}
