package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Scope strings as OAuth writes them: labels separated by spaces (RFC 6749 section 3.3), and what
 * each means in words for the consent page.
 */
public final class OAuthScopes {
    /** Asked for when an authorization request names no scope: enough to query and to change data. */
    public static final Set<Scope> DEFAULT = Set.of(Scope.READ, Scope.WRITE);
    /**
     * Clients may ask for {@code offline_access} to get a refresh token (MCP authorization draft,
     * "Refresh Tokens"); Mallard issues one to every client registered for the refresh_token grant,
     * so the scope is accepted and adds nothing.
     */
    public static final String OFFLINE_ACCESS = "offline_access";

    private OAuthScopes() {}

    /** The scopes of a scope parameter; empty when it names a scope Mallard does not know. */
    public static Optional<Set<Scope>> parse(String value) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String label : value.strip().split(" +")) {
            if (label.isEmpty() || label.equals(OFFLINE_ACCESS)) {
                continue;
            }
            Optional<Scope> scope = Scope.ofLabel(label);
            if (scope.isEmpty()) {
                return Optional.empty();
            }
            scopes.add(scope.get());
        }
        return Optional.of(Set.copyOf(scopes));
    }

    public static List<String> labels() {
        return Scope.all().stream().map(Scope::label).toList();
    }

    /** What a scope lets a client do, in words a person deciding whether to allow it understands. */
    public static String explain(Scope scope) {
        return switch (scope) {
            case READ -> "Read data: run read-only queries and browse the tables of the databases you can read.";
            case WRITE -> "Change data: insert, update and delete rows in the databases you may write to.";
            case ANNOTATE -> "Describe data: add descriptions, notes and PII flags to tables and columns, without "
                    + "changing the data.";
            case SYNC -> "Refresh sources: fetch a source's data from its API again now, without changing any database.";
            case ADMIN -> "Administer Mallard: see everyone's activity and manage users and credentials.";
            case PII -> "See personal data: read the columns flagged PII unmasked.";
        };
    }

    public static String title(Scope scope) {
        String label = scope.label();
        return label.substring(0, 1).toUpperCase(Locale.ROOT) + label.substring(1);
    }
}
