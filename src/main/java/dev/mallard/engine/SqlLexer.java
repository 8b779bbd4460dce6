package dev.mallard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits SQL into statements and reads the table a DML statement writes to, following DuckDB's
 * (PostgreSQL's) lexical rules: 'strings' with doubled quotes, E'strings' with backslash escapes,
 * "identifiers", $tag$dollar quotes$tag$, -- line comments and nested block comments.
 *
 * <p>Nothing here decides what is allowed: DuckDB classifies each statement (see
 * {@link ChangeRun}). The split only lets Mallard run, count and preview the statements one by one.
 */
final class SqlLexer {
    enum Kind {
        WORD,
        QUOTED_IDENTIFIER,
        STRING,
        SEMICOLON,
        OPEN,
        CLOSE,
        DOT,
        COMMA,
        OTHER
    }

    /** A token; {@code text} is the unquoted value of identifiers and the raw text of everything else. */
    record Token(Kind kind, String text, int start, int end) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }
    }

    private SqlLexer() {}

    /** The statements of the text, each without its semicolon; blank and comment-only ones are dropped. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (Token token : tokens(sql)) {
            if (token.kind() == Kind.SEMICOLON) {
                if (start >= 0) {
                    statements.add(sql.substring(start, end));
                }
                start = -1;
                continue;
            }
            if (start < 0) {
                start = token.start();
            }
            end = token.end();
        }
        if (start >= 0) {
            statements.add(sql.substring(start, end));
        }
        return statements;
    }

    static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? n : newline + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '\'') {
                int end = skipString(sql, i, false);
                tokens.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '"') {
                int end = skipQuotedIdentifier(sql, i);
                String inner = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
                tokens.add(new Token(Kind.QUOTED_IDENTIFIER, inner, i, end));
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                tokens.add(new Token(Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                if (end == i + 1 && (c == 'e' || c == 'E') && end < n && sql.charAt(end) == '\'') {
                    int close = skipString(sql, end, true);
                    tokens.add(new Token(Kind.STRING, sql.substring(i, close), i, close));
                    i = close;
                } else {
                    tokens.add(new Token(Kind.WORD, sql.substring(i, end), i, end));
                    i = end;
                }
            } else {
                tokens.add(new Token(symbol(c), String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return tokens;
    }

    /**
     * The text with every plain number literal written as {@code #}, for caching what depends only
     * on a statement's shape: agents send the same query again and again with other ids and limits.
     * Empty when the text has anything this cannot read as surely as DuckDB does (comments, dollar
     * quotes, backslashes, parameters, numbers run into words such as {@code 1e} or {@code 0x1F}, a
     * {@code #} outside a string): such text is then cached as it is.
     */
    static Optional<String> numbersMasked(String sql) {
        if (sql.indexOf('\\') >= 0) {
            return Optional.empty(); // E'' strings end differently where a backslash comes before a quote
        }
        int n = sql.length();
        StringBuilder shape = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : ' ';
            if (c == '$' || c == '?' || c == '#' || c == '-' && next == '-' || c == '/' && next == '*') {
                return Optional.empty();
            }
            if (c == '\'' || c == '"') {
                // Without backslashes, E'' strings read like plain ones: a doubled quote stays inside.
                i = c == '\'' ? skipString(sql, i, false) : skipQuotedIdentifier(sql, i);
                continue;
            }
            boolean startsNumber = isDigit(c) && (i == 0 || !isWordOrDot(sql.charAt(i - 1)));
            if (!startsNumber) {
                i++;
                continue;
            }
            int end = digits(sql, i);
            if (end < n && sql.charAt(end) == '.' && end + 1 < n && isDigit(sql.charAt(end + 1))) {
                end = digits(sql, end + 1);
            }
            if (end < n && (sql.charAt(end) == 'e' || sql.charAt(end) == 'E')) {
                int exponent = end + 1;
                if (exponent < n && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent >= n || !isDigit(sql.charAt(exponent))) {
                    return Optional.empty();
                }
                end = digits(sql, exponent);
            }
            if (end < n && (isWordOrDot(sql.charAt(end)) || sql.charAt(end) == '\'' || sql.charAt(end) == '"')) {
                return Optional.empty();
            }
            if (shape == null) {
                shape = new StringBuilder(n);
            }
            shape.append(sql, copied, i).append('#');
            copied = end;
            i = end;
        }
        return Optional.of(shape == null ? sql : shape.append(sql, copied, n).toString());
    }

    private static int digits(String sql, int start) {
        int i = start;
        while (i < sql.length() && isDigit(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /** ASCII digits only: DuckDB reads no other digits as a number. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordOrDot(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    /**
     * The table an INSERT, UPDATE, DELETE, MERGE or TRUNCATE statement writes to, as the name parts
     * written (one to three), after any WITH clause.
     */
    static Optional<List<String>> writeTarget(String statement) {
        List<Token> tokens = tokens(statement);
        int i = skipWith(tokens, 0);
        if (i >= tokens.size()) {
            return Optional.empty();
        }
        Token first = tokens.get(i);
        if (first.isWord("INSERT")) {
            i++;
            if (i + 1 < tokens.size() && tokens.get(i).isWord("OR")) {
                i += 2;
            }
            return expect(tokens, i, "INTO").flatMap(at -> name(tokens, at));
        }
        if (first.isWord("UPDATE")) {
            return name(tokens, i + 1);
        }
        if (first.isWord("DELETE")) {
            return expect(tokens, i + 1, "FROM").flatMap(at -> name(tokens, at));
        }
        if (first.isWord("MERGE")) {
            return expect(tokens, i + 1, "INTO").flatMap(at -> name(tokens, at));
        }
        if (first.isWord("TRUNCATE")) {
            int at = i + 1 < tokens.size() && tokens.get(i + 1).isWord("TABLE") ? i + 2 : i + 1;
            return name(tokens, at);
        }
        return Optional.empty();
    }

    /** The first word of the statement, upper-case: a label for statements DuckDB cannot explain. */
    static String firstWord(String statement) {
        return tokens(statement).stream().filter(t -> t.kind() == Kind.WORD).findFirst()
                .map(t -> t.text().toUpperCase(Locale.ROOT)).orElse("STATEMENT");
    }

    private static Optional<Integer> expect(List<Token> tokens, int at, String word) {
        return at < tokens.size() && tokens.get(at).isWord(word) ? Optional.of(at + 1) : Optional.empty();
    }

    private static Optional<List<String>> name(List<Token> tokens, int at) {
        List<String> parts = new ArrayList<>();
        int i = at;
        while (i < tokens.size() && parts.size() < 3) {
            Token token = tokens.get(i);
            if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED_IDENTIFIER) {
                break;
            }
            parts.add(token.text());
            if (i + 1 < tokens.size() && tokens.get(i + 1).kind() == Kind.DOT) {
                i += 2;
            } else {
                break;
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(parts));
    }

    /** Skips {@code WITH [RECURSIVE] name [(columns)] AS [NOT] [MATERIALIZED] (...) [, ...]}. */
    private static int skipWith(List<Token> tokens, int at) {
        if (at >= tokens.size() || !tokens.get(at).isWord("WITH")) {
            return at;
        }
        int i = at + 1;
        if (i < tokens.size() && tokens.get(i).isWord("RECURSIVE")) {
            i++;
        }
        while (i < tokens.size()) {
            i++; // the name of the common table expression
            if (i < tokens.size() && tokens.get(i).kind() == Kind.OPEN) {
                i = skipParentheses(tokens, i); // its column list
            }
            while (i < tokens.size() && (tokens.get(i).isWord("AS") || tokens.get(i).isWord("NOT")
                    || tokens.get(i).isWord("MATERIALIZED"))) {
                i++;
            }
            if (i < tokens.size() && tokens.get(i).kind() == Kind.OPEN) {
                i = skipParentheses(tokens, i); // its query
            }
            if (i < tokens.size() && tokens.get(i).kind() == Kind.COMMA) {
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    private static int skipParentheses(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.OPEN) {
                depth++;
            } else if (tokens.get(i).kind() == Kind.CLOSE && --depth == 0) {
                return i + 1;
            }
        }
        return tokens.size();
    }

    private static Kind symbol(char c) {
        return switch (c) {
            case ';' -> Kind.SEMICOLON;
            case '(' -> Kind.OPEN;
            case ')' -> Kind.CLOSE;
            case '.' -> Kind.DOT;
            case ',' -> Kind.COMMA;
            default -> Kind.OTHER;
        };
    }

    /** Block comments nest, as in PostgreSQL's and DuckDB's lexer. */
    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The index after a quoted string; a doubled quote stays inside, and so does \' in E'' strings. */
    private static int skipString(String sql, int start, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int skipQuotedIdentifier(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** {@code $$} or {@code $tag$} at the index, or null when the dollar starts no quote. */
    private static String dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$'
                && (i == start + 1 || !Character.isDigit(sql.charAt(start + 1)))) {
            return sql.substring(start, i + 1);
        }
        return null;
    }
}
