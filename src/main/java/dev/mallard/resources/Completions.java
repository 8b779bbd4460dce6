package dev.mallard.resources;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.CatalogSnapshot;
import dev.mallard.catalog.DatabaseInfo;
import dev.mallard.catalog.SchemaInfo;
import dev.mallard.catalog.TableInfo;
import dev.mallard.tools.Caller;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Completes the names that resources and prompts take, from the caller's visible catalog only: an
 * ungranted database is never proposed, nor anything inside it.
 */
public final class Completions {
    /** The most values one answer may carry (MCP completion). */
    public static final int MAX_VALUES = 100;

    private final CatalogService catalog;

    public Completions(CatalogService catalog) {
        this.catalog = catalog;
    }

    /**
     * An argument of the table resource template; the arguments already given (in
     * {@code context}) narrow the schemas and tables to the chosen database and schema.
     */
    public Completion templateArgument(Caller caller, String argument, String prefix, Map<String, String> context) {
        if (!caller.principal().has(Scope.READ)) {
            return Completion.NONE;
        }
        CatalogService visible = caller.catalog(catalog);
        CatalogSnapshot snapshot = visible.snapshot();
        String database = context.getOrDefault("database", "");
        String schema = context.getOrDefault("schema", "");
        Stream<String> names = switch (argument) {
            case "database" -> snapshot.databases().stream().map(DatabaseInfo::name);
            case "schema" -> (database.isEmpty() ? snapshot.schemas() : snapshot.schemas(database)).stream()
                    .map(SchemaInfo::name).distinct();
            case "table" -> snapshot.tables().stream()
                    .filter(t -> database.isEmpty() || t.database().equalsIgnoreCase(database))
                    .filter(t -> schema.isEmpty() || t.schema().equalsIgnoreCase(schema))
                    .map(TableInfo::name).distinct();
            default -> Stream.empty();
        };
        return matching(names, prefix);
    }

    /** A database name, as prompts take it. */
    public Completion database(Caller caller, String prefix) {
        return templateArgument(caller, "database", prefix, Map.of());
    }

    /**
     * A table name as the tools take it: the short name for tables of the default database, the
     * qualified one for the others.
     */
    public Completion table(Caller caller, String prefix) {
        if (!caller.principal().has(Scope.READ)) {
            return Completion.NONE;
        }
        CatalogService visible = caller.catalog(catalog);
        if (visible.databases().isEmpty()) {
            return Completion.NONE;
        }
        String defaultDatabase = visible.resolveDatabase(null).name();
        return matching(visible.snapshot().tables().stream().map(table -> table.database().equals(defaultDatabase)
                ? table.localName() : table.qualifiedName()), prefix);
    }

    private static Completion matching(Stream<String> names, String prefix) {
        String start = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
        List<String> matches = names.filter(name -> name.toLowerCase(Locale.ROOT).startsWith(start)).toList();
        return new Completion(matches.subList(0, Math.min(matches.size(), MAX_VALUES)), matches.size(),
                matches.size() > MAX_VALUES);
    }
}
