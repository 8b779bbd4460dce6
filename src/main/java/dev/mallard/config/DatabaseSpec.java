package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One database to serve, from {@code --db PATH} or {@code --db NAME=PATH}. The path is a DuckDB file
 * or {@code :memory:}.
 */
public record DatabaseSpec(String name, String path) {
    public static final String IN_MEMORY = ":memory:";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> RESERVED = Set.of("system", "temp", "main");

    public DatabaseSpec {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw MallardException.configuration("Database name '" + name
                    + "' is not a plain identifier (letters, digits, underscore; not starting with a digit). "
                    + "Name it explicitly with --db NAME=PATH.");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw MallardException.configuration("Database name '" + name
                    + "' is reserved by DuckDB. Name it differently with --db NAME=PATH.");
        }
        if (path.isBlank()) {
            throw MallardException.configuration("Database '" + name + "' has an empty path.");
        }
    }

    /** Parses {@code NAME=PATH}, {@code PATH} or {@code :memory:}. */
    public static DatabaseSpec parse(String argument) {
        String text = argument.strip();
        int equals = text.indexOf('=');
        if (equals > 0 && IDENTIFIER.matcher(text.substring(0, equals).strip()).matches()) {
            return new DatabaseSpec(text.substring(0, equals).strip(), text.substring(equals + 1).strip());
        }
        if (text.isEmpty()) {
            throw MallardException.configuration("--db needs a path to a DuckDB file, NAME=PATH, or :memory:.");
        }
        return new DatabaseSpec(nameFromPath(text), text);
    }

    public boolean inMemory() {
        return IN_MEMORY.equals(path);
    }

    /** The file, resolved against the working directory; only meaningful when not in memory. */
    public Path file() {
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static String nameFromPath(String path) {
        if (IN_MEMORY.equals(path)) {
            return "memory";
        }
        Path fileName = Path.of(path).getFileName();
        String stem = fileName == null ? path : fileName.toString();
        int dot = stem.indexOf('.');
        if (dot > 0) {
            stem = stem.substring(0, dot);
        }
        String name = stem.replaceAll("[^A-Za-z0-9_]", "_");
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            name = "db_" + name;
        }
        return name;
    }
}
