package dev.mallard.auth;

import dev.mallard.error.MallardException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What a credential may do; each tool names the scope it needs. The labels are OAuth scope values. */
public enum Scope {
    /** Query and explore the catalog. */
    READ,
    /** Change data: query_rw and the mutation tools. */
    WRITE,
    /** Describe tables and columns (descriptions, notes, PII flags) without changing data; write allows it too. */
    ANNOTATE,
    /** Sync sources now (sync_source) without changing any database; write allows it too. */
    SYNC,
    /** See everyone's activity and manage users and credentials. */
    ADMIN,
    /** See the raw values of columns flagged PII; without it they are read masked. */
    PII;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The scopes any one of which allows what this scope allows: itself, and for {@link #ANNOTATE} and
     * {@link #SYNC} also {@link #WRITE} (who may change the data may describe it and refresh a source).
     */
    public Set<Scope> allowedBy() {
        return this == ANNOTATE || this == SYNC ? EnumSet.of(this, WRITE) : EnumSet.of(this);
    }

    /** The scopes that allow this one, quoted, as messages name them: {@code 'annotate' or 'write'}. */
    public static String either(Scope needed) {
        return Arrays.stream(values()).filter(needed.allowedBy()::contains).map(scope -> "'" + scope.label() + "'")
                .collect(Collectors.joining(" or "));
    }

    /** The scope with exactly this label (OAuth scope values are case-sensitive, RFC 6749 section 3.3). */
    public static Optional<Scope> ofLabel(String label) {
        return Arrays.stream(values()).filter(scope -> scope.label().equals(label)).findFirst();
    }

    /** A scope as a person writes it on the command line: any case, spaces around. */
    public static Scope parse(String label) {
        return ofLabel(label.strip().toLowerCase(Locale.ROOT)).orElseThrow(() -> MallardException.invalidArgument(
                "Unknown scope '" + label + "'. Scopes are: " + labels(Set.of(values())) + "."));
    }

    /** Parses a list of labels separated by spaces or commas (an OAuth scope string or a CLI value). */
    public static Set<Scope> parseAll(String labels) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String label : labels.split("[\\s,]+")) {
            if (!label.isBlank()) {
                scopes.add(parse(label));
            }
        }
        return Set.copyOf(scopes);
    }

    /** Labels in a stable order, separated by spaces, as OAuth writes a scope string. */
    public static String labels(Set<Scope> scopes) {
        return Arrays.stream(values()).filter(scopes::contains).map(Scope::label).collect(Collectors.joining(" "));
    }

    public static List<Scope> all() {
        return List.of(values());
    }
}
