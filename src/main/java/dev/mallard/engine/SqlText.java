package dev.mallard.engine;

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
    private static final Pattern CREDENTIAL_IN_TEXT = Pattern.compile(
            "(?i)(password|passwd|pwd|token|secret|api[_-]?key|sig)\\s*[=:]");

    private SqlText() {}

    /**
     * The SQL with every string literal that may hold a credential replaced by {@code '***'}: all
     * literals of a statement that mentions SECRET, literals given for sensitive options, and
     * connection strings with a password or token in them. For logs and the audit trail.
     */
    public static String redactSecrets(String sql) {
        if (sql == null) {
            return null;
        }
        List<SqlLexer.Token> tokens = SqlLexer.tokens(sql);
        boolean secretStatement = tokens.stream().anyMatch(t -> t.isWord("SECRET"));
        StringBuilder redacted = new StringBuilder(sql.length());
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlLexer.Token token = tokens.get(i);
            if (token.kind() == SqlLexer.Kind.STRING
                    && (secretStatement || followsSensitiveOption(tokens, i)
                            || CREDENTIAL_IN_TEXT.matcher(token.text()).find())) {
                redacted.append(sql, copied, token.start()).append("'***'");
                copied = token.end();
            }
        }
        return redacted.append(sql, copied, sql.length()).toString();
    }

    private static boolean followsSensitiveOption(List<SqlLexer.Token> tokens, int index) {
        int i = index - 1;
        while (i >= 0 && tokens.get(i).kind() == SqlLexer.Kind.OTHER) {
            i--;
        }
        return i >= 0 && tokens.get(i).kind() == SqlLexer.Kind.WORD
                && SENSITIVE_OPTIONS.contains(tokens.get(i).text().toUpperCase(Locale.ROOT));
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
