package dev.mallard.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Quoting of identifiers and literals that Mallard itself puts into SQL, and redaction of secrets in SQL. */
public final class SqlText {
    /** Option names whose value is a credential, as in CREATE SECRET or ATTACH options. */
    private static final Set<String> SENSITIVE_OPTIONS = Set.of("SECRET", "PASSWORD", "PASSWD", "PWD", "TOKEN",
            "KEY_ID", "SECRET_KEY", "ACCESS_KEY", "ACCESS_KEY_ID", "SECRET_ACCESS_KEY", "SESSION_TOKEN",
            "CLIENT_SECRET", "CLIENT_ID", "ACCOUNT_KEY", "CONNECTION_STRING", "BEARER_TOKEN", "PASSPHRASE",
            "ENCRYPTION_KEY", "API_KEY", "AUTHORIZATION", "CREDENTIALS");
    /**
     * Names that hold a credential wherever they appear in a longer name: settings such as
     * {@code s3_secret_access_key} or {@code azure_storage_connection_string}, columns such as
     * {@code api_token}.
     */
    private static final Pattern SENSITIVE_NAME = Pattern.compile(
            "(?i).*(secret|password|passwd|token|key_id|access_key|account_key|api_key|credential|connection_string"
                    + "|passphrase|encryption_key|authorization).*");
    /** Text that carries a credential inside a longer string: connection strings, URLs, headers. */
    private static final Pattern CREDENTIAL_IN_TEXT = Pattern.compile(
            "(?i)(password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key|account[_-]?key|sig)\\s*[=:]"
                    + "|(?i)\\bbearer\\s+\\S|://[^/@\\s:]*:[^/@\\s]*@");
    /** The value after {@code password=}, {@code token: } and the like in free text. */
    private static final Pattern CREDENTIAL_VALUE = Pattern.compile(
            "(?i)(password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key|account[_-]?key|sig)(\\s*[=:]\\s*)"
                    + "([^\\s'\"&;,)}]+)");
    /** The password in {@code scheme://user:password@host}. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@\\s:'\"]*:)([^/@\\s'\"]+)(@)");
    /** DuckDB's excerpt of the statement in an error ({@code LINE 1: ...}) and the caret line under it. */
    private static final Pattern ERROR_EXCERPT = Pattern.compile("(?m)^(LINE \\d+:).*(\\R[ \\t]*\\^+[ \\t]*$)?");
    private static final String REDACTED = "'***'";
    /** Shorter values are only redacted from an error message where they appear quoted, as the SQL had them. */
    private static final int MIN_BARE_SECRET = 4;

    private SqlText() {}

    /**
     * The SQL with every literal that may hold a credential replaced by {@code '***'}: all string
     * literals of a statement that mentions SECRET, the value given for a sensitive option or setting
     * (quoted or not, in CREATE SECRET, ATTACH and SET), strings compared with or assigned to a
     * sensitive name, strings holding a password, token or key (connection strings, URLs with a
     * password, bearer headers), and such values in comments. For logs and the audit trail: it
     * redacts generously, and the result need not be valid SQL.
     */
    public static String redactSecrets(String sql) {
        if (sql == null) {
            return null;
        }
        StringBuilder redacted = new StringBuilder(sql.length());
        int copied = 0;
        for (Span span : secretSpans(sql, SqlLexer.tokens(sql))) {
            redacted.append(sql, copied, span.start()).append(REDACTED);
            copied = span.end();
        }
        redacted.append(sql, copied, sql.length());
        return redactComments(redacted.toString());
    }

    /**
     * An error message about the SQL with the SQL's secrets taken out: wherever the message repeats a
     * value {@link #redactSecrets} removes from the SQL (DuckDB quotes tokens and file names in its
     * errors), its excerpt of a statement that holds secrets, and {@code password=...}-like values.
     */
    public static String redactSecretsInMessage(String message, String sql) {
        if (message == null) {
            return null;
        }
        String redacted = message;
        if (sql != null) {
            List<SqlLexer.Token> tokens = SqlLexer.tokens(sql);
            List<Span> spans = secretSpans(sql, tokens);
            List<String> values = new ArrayList<>();
            for (Span span : spans) {
                String raw = sql.substring(span.start(), span.end());
                char first = raw.charAt(0);
                boolean quoted = first == '\'' || first == '"' || first == '$' || raw.length() > 1
                        && (first == 'e' || first == 'E') && raw.charAt(1) == '\'';
                if (quoted || raw.length() >= MIN_BARE_SECRET) {
                    values.add(raw);
                }
                String inner = span.inner();
                if (inner.length() >= MIN_BARE_SECRET) {
                    values.add(inner);
                    values.add(inner.replace("'", "''"));
                }
            }
            values.sort(Comparator.comparingInt(String::length).reversed());
            for (String value : values) {
                redacted = redacted.replace(value, "***");
            }
            if (!spans.isEmpty()) {
                redacted = ERROR_EXCERPT.matcher(redacted).replaceAll("$1 (excerpt left out: the SQL holds secrets)");
            }
        }
        return redactSecrets(redactCredentialValues(redacted));
    }

    /** A run of adjacent secret tokens in the SQL, and the value it stands for (without quotes). */
    private record Span(int start, int end, String inner) {}

    private static List<Span> secretSpans(String sql, List<SqlLexer.Token> tokens) {
        boolean[] secret = secretTokens(tokens);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (!secret[i]) {
                continue;
            }
            int first = i;
            // A value such as 123abc lexes as several adjacent tokens; it is one secret.
            while (i + 1 < tokens.size() && secret[i + 1] && tokens.get(i + 1).start() == tokens.get(i).end()) {
                i++;
            }
            int start = tokens.get(first).start();
            int end = tokens.get(i).end();
            String inner = first == i ? innerValue(tokens.get(i)) : sql.substring(start, end);
            spans.add(new Span(start, end, inner));
        }
        return spans;
    }

    /** {@code password=...} and the like in the comments of the SQL; everything else is left as it is. */
    private static String redactComments(String sql) {
        if (sql.indexOf("--") < 0 && sql.indexOf("/*") < 0) {
            return sql;
        }
        List<SqlLexer.Token> tokens = SqlLexer.tokens(sql);
        StringBuilder redacted = new StringBuilder(sql.length());
        int copied = 0;
        for (SqlLexer.Token token : tokens) {
            // Between two tokens there is only white space and comments.
            redacted.append(redactCredentialValues(sql.substring(copied, token.start())));
            redacted.append(sql, token.start(), token.end());
            copied = token.end();
        }
        return redacted.append(redactCredentialValues(sql.substring(copied))).toString();
    }

    /** Which tokens hold a secret. */
    private static boolean[] secretTokens(List<SqlLexer.Token> tokens) {
        boolean[] secret = new boolean[tokens.size()];
        boolean secretStatement = tokens.stream().anyMatch(t -> t.isWord("SECRET"));
        String firstWord = null;
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token token = tokens.get(i);
            if (token.kind() == SqlLexer.Kind.SEMICOLON) {
                firstWord = null;
                continue;
            }
            if (firstWord == null) {
                firstWord = token.kind() == SqlLexer.Kind.WORD ? token.text().toUpperCase(Locale.ROOT) : "";
            }
            if (token.kind() == SqlLexer.Kind.STRING
                    && (secretStatement || followsSensitiveName(tokens, i)
                            || CREDENTIAL_IN_TEXT.matcher(token.text()).find())) {
                secret[i] = true;
            }
            boolean optionStatement = secretStatement || firstWord.equals("SET") || firstWord.equals("ATTACH");
            if (optionStatement && isOptionName(tokens, i)) {
                markBareValue(tokens, i, secret);
            }
        }
        return secret;
    }

    /** A sensitive name where an option or setting is named: after {@code (}, {@code ,} or SET [scope]. */
    private static boolean isOptionName(List<SqlLexer.Token> tokens, int index) {
        SqlLexer.Token token = tokens.get(index);
        if (token.kind() != SqlLexer.Kind.WORD && token.kind() != SqlLexer.Kind.QUOTED_IDENTIFIER
                || !isSensitiveName(token.text()) || index == 0) {
            return false;
        }
        SqlLexer.Token before = tokens.get(index - 1);
        return before.kind() == SqlLexer.Kind.OPEN || before.kind() == SqlLexer.Kind.COMMA || before.isWord("SET")
                || before.isWord("GLOBAL") || before.isWord("SESSION") || before.isWord("LOCAL");
    }

    /** Marks an unquoted value (a word, an identifier, a number) given to the option at {@code index}. */
    private static void markBareValue(List<SqlLexer.Token> tokens, int index, boolean[] secret) {
        int i = index + 1;
        while (i < tokens.size() && (isAssignment(tokens.get(i)) || tokens.get(i).isWord("TO"))) {
            i++;
        }
        if (i >= tokens.size() || tokens.get(i).kind() == SqlLexer.Kind.STRING) {
            return;
        }
        SqlLexer.Token value = tokens.get(i);
        boolean bare = value.kind() == SqlLexer.Kind.WORD || value.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER
                || value.kind() == SqlLexer.Kind.OTHER && !isAssignment(value);
        if (!bare) {
            return;
        }
        secret[i] = true;
        // A value such as 123abc or abc-def lexes as several adjacent tokens.
        while (i + 1 < tokens.size() && tokens.get(i + 1).start() == tokens.get(i).end()
                && (tokens.get(i + 1).kind() == SqlLexer.Kind.WORD || tokens.get(i + 1).kind() == SqlLexer.Kind.OTHER
                        || tokens.get(i + 1).kind() == SqlLexer.Kind.DOT)) {
            secret[++i] = true;
        }
    }

    private static boolean isAssignment(SqlLexer.Token token) {
        return token.kind() == SqlLexer.Kind.OTHER
                && (token.text().equals("=") || token.text().equals(":") || token.text().equals(">"));
    }

    /** A string given for, assigned to or compared with a sensitive name ({@code PASSWORD 'x'}, {@code 'token': 'x'}). */
    private static boolean followsSensitiveName(List<SqlLexer.Token> tokens, int index) {
        int i = index - 1;
        while (i >= 0 && (tokens.get(i).kind() == SqlLexer.Kind.OTHER || tokens.get(i).isWord("TO"))) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        SqlLexer.Token name = tokens.get(i);
        return switch (name.kind()) {
            case WORD, QUOTED_IDENTIFIER -> isSensitiveName(name.text());
            case STRING -> i < index - 1 && isSensitiveName(innerValue(name));
            default -> false;
        };
    }

    private static boolean isSensitiveName(String name) {
        return SENSITIVE_OPTIONS.contains(name.toUpperCase(Locale.ROOT)) || SENSITIVE_NAME.matcher(name).matches();
    }

    /** The value of a literal without its quotes: 'a''b' is a'b, E'..' and $tag$..$tag$ likewise. */
    private static String innerValue(SqlLexer.Token token) {
        String text = token.text();
        if (token.kind() != SqlLexer.Kind.STRING) {
            return text;
        }
        if (text.startsWith("$")) {
            int tag = text.indexOf('$', 1) + 1;
            return text.length() >= 2 * tag ? text.substring(tag, text.length() - tag) : text.substring(tag);
        }
        int open = text.indexOf('\'');
        String body = text.substring(open + 1, text.endsWith("'") && text.length() > open + 1
                ? text.length() - 1 : text.length());
        return body.replace("''", "'");
    }

    /** {@code password=...}, {@code token: ...} and URL passwords in free text (comments, error messages). */
    private static String redactCredentialValues(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String redacted = CREDENTIAL_VALUE.matcher(text).replaceAll("$1$2***");
        return URL_PASSWORD.matcher(redacted).replaceAll("$1***$3");
    }

    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    /** A DuckDB error message without the JDBC wrapper's noise, trimmed of trailing blank lines. */
    public static String engineMessage(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return "DuckDB reported an error without a message.";
        }
        return message.strip();
    }
}
