package dev.mallard.engine;

/** Quoting of identifiers and literals that Mallard itself puts into SQL. */
public final class SqlText {
    private SqlText() {}

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
