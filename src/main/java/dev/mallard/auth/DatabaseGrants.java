package dev.mallard.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which databases a principal may use, and how. A grant on {@value #ALL_DATABASES} covers every
 * database served, including ones added later. Database names compare without regard to case, as
 * DuckDB's do.
 */
public record DatabaseGrants(Map<String, Access> byDatabase) {
    public static final String ALL_DATABASES = "*";
    /** Everything, for the local user of a server without authentication. */
    public static final DatabaseGrants EVERYTHING = new DatabaseGrants(Map.of(ALL_DATABASES, Access.WRITE));
    public static final DatabaseGrants NOTHING = new DatabaseGrants(Map.of());

    public DatabaseGrants {
        Map<String, Access> normalised = new TreeMap<>();
        byDatabase.forEach((database, access) -> normalised.merge(database.toLowerCase(Locale.ROOT), access,
                (a, b) -> a == Access.WRITE || b == Access.WRITE ? Access.WRITE : Access.READ));
        byDatabase = Map.copyOf(normalised);
    }

    public Optional<Access> access(String database) {
        Access specific = byDatabase.get(database.toLowerCase(Locale.ROOT));
        Access all = byDatabase.get(ALL_DATABASES);
        if (specific == null || all == null) {
            return Optional.ofNullable(specific == null ? all : specific);
        }
        return Optional.of(specific == Access.WRITE || all == Access.WRITE ? Access.WRITE : Access.READ);
    }

    public boolean allows(String database, Access needed) {
        return access(database).map(access -> access.covers(needed)).orElse(false);
    }

    public boolean canRead(String database) {
        return allows(database, Access.READ);
    }

    /** Whether every database, present and future, is readable. */
    public boolean coversAll() {
        return byDatabase.containsKey(ALL_DATABASES);
    }
}
