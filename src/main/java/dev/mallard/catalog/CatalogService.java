package dev.mallard.catalog;

import dev.mallard.engine.Identifiers;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The catalog of the served databases: what exists, what it is called, how big it is. Metadata is
 * read once and kept until a write may have changed it.
 */
public final class CatalogService {
    /** The metadata every view of the catalog shares. */
    private static final class Metadata {
        volatile CatalogSnapshot current;
    }

    private final QueryEngine engine;
    private final Metadata metadata;
    private final Predicate<String> visible;
    private final boolean everything;

    public CatalogService(QueryEngine engine) {
        this(engine, new Metadata(), database -> true, true);
    }

    private CatalogService(QueryEngine engine, Metadata metadata, Predicate<String> visible, boolean everything) {
        this.engine = engine;
        this.metadata = metadata;
        this.visible = visible;
        this.everything = everything;
    }

    /**
     * The catalog as a caller granted only some databases sees it: the others do not exist for it,
     * not even in suggestions. Shares the metadata and its caches with this catalog.
     */
    public CatalogService visibleTo(Predicate<String> databases) {
        return new CatalogService(engine, metadata, databases, false);
    }

    public CatalogSnapshot snapshot() {
        CatalogSnapshot snapshot = metadata.current;
        if (snapshot == null) {
            synchronized (metadata) {
                snapshot = metadata.current;
                if (snapshot == null) {
                    snapshot = engine.withConnection(engine.defaultDatabase(),
                            connection -> CatalogLoader.load(connection, engine.databases()));
                    metadata.current = snapshot;
                }
            }
        }
        return everything ? snapshot : snapshot.restrictedTo(visible);
    }

    /** Forgets the metadata, for example after DDL ran. */
    public void invalidate() {
        metadata.current = null;
    }

    /**
     * The named database, or the default one when no name is given (for a caller not granted the
     * default database: the first one it is granted).
     */
    public ServedDatabase resolveDatabase(String name) {
        if (name == null || name.isBlank()) {
            ServedDatabase fallback = engine.defaultDatabase();
            if (visible.test(fallback.name())) {
                return fallback;
            }
            return databases().stream().findFirst().orElseThrow(() -> new MallardException(ErrorCode.NOT_GRANTED,
                    "No database is granted to you. Ask an administrator to grant you one "
                            + "(mallard users grant USER DATABASE)."));
        }
        return engine.database(name.strip()).filter(database -> visible.test(database.name()))
                .orElseThrow(() -> MallardException.notFound("Database '" + name.strip() + "' not found."
                        + NameSuggestions.hint(name.strip(), databases().stream().map(ServedDatabase::name).toList(),
                                "Call list_databases to see them.")));
    }

    /** The served databases this view of the catalog shows. */
    public List<ServedDatabase> databases() {
        return engine.databases().stream().filter(database -> visible.test(database.name())).toList();
    }

    /**
     * Finds a table or view from what an agent wrote: {@code orders}, {@code main.orders},
     * {@code demo.orders} or {@code demo.main.orders}; the database and schema arguments narrow it.
     */
    public TableInfo resolveTable(String table, String database, String schema) {
        if (table == null || table.isBlank()) {
            throw MallardException.invalidArgument("Pass the name of a table or view, e.g. table: \"orders\".");
        }
        CatalogSnapshot snapshot = snapshot();
        List<String> parts = Identifiers.split(table.strip());
        ServedDatabase defaultDatabase = resolveDatabase(database);
        Optional<TableInfo> found = switch (parts.size()) {
            case 1 -> find(snapshot, defaultDatabase.name(), schema, parts.get(0));
            case 2 -> find(snapshot, defaultDatabase.name(), parts.get(0), parts.get(1))
                    .or(() -> databaseExists(parts.get(0)) ? find(snapshot, parts.get(0), schema, parts.get(1))
                            : Optional.empty());
            case 3 -> databaseExists(parts.get(0)) ? find(snapshot, parts.get(0), parts.get(1), parts.get(2))
                    : Optional.empty();
            default -> throw MallardException.invalidArgument("'" + table
                    + "' has too many parts; write table, schema.table or database.schema.table.");
        };
        return found.orElseThrow(() -> tableNotFound(snapshot, table.strip(), parts, defaultDatabase.name()));
    }

    /** The exact row count of a table; views are not counted (that would run them). */
    public OptionalLong rowCount(TableInfo table) {
        if (table.kind() == TableInfo.Kind.VIEW) {
            return OptionalLong.empty();
        }
        CatalogSnapshot snapshot = snapshot();
        OptionalLong cached = snapshot.cachedRowCount(table);
        if (cached.isPresent()) {
            return cached;
        }
        ServedDatabase database = resolveDatabase(table.database());
        long count = engine.withConnection(database, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM " + table.qualifiedName()); ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        snapshot.cacheRowCount(table, count);
        return OptionalLong.of(count);
    }

    /** Notes per column name, learned from a sample of the data (see {@link ColumnNotes}). */
    public Map<String, String> columnNotes(TableInfo table) {
        CatalogSnapshot snapshot = snapshot();
        return snapshot.cachedColumnNotes(table).orElseGet(() -> {
            Map<String, String> notes = engine.withConnection(resolveDatabase(table.database()),
                    connection -> ColumnNotes.compute(connection, table));
            snapshot.cacheColumnNotes(table, notes);
            return notes;
        });
    }

    private boolean databaseExists(String name) {
        return engine.database(name).filter(database -> visible.test(database.name())).isPresent();
    }

    private static Optional<TableInfo> find(CatalogSnapshot snapshot, String database, String schema, String name) {
        List<TableInfo> matches = snapshot.tables(database).stream()
                .filter(t -> Identifiers.same(t.name(), name))
                .filter(t -> schema == null || schema.isBlank() || Identifiers.same(t.schema(), schema))
                .toList();
        if (matches.size() <= 1) {
            return matches.stream().findFirst();
        }
        // The same name in several schemas: DuckDB resolves an unqualified name to main first.
        return matches.stream().filter(t -> t.schema().equals("main")).findFirst()
                .or(() -> {
                    throw MallardException.invalidArgument("'" + name + "' exists in several schemas of '" + database
                            + "': " + String.join(", ", matches.stream().map(TableInfo::localName).toList())
                            + ". Qualify it with the schema.");
                });
    }

    private static MallardException tableNotFound(CatalogSnapshot snapshot, String table, List<String> parts,
            String database) {
        String wanted = parts.getLast();
        List<TableInfo> local = snapshot.tables(database);
        List<String> suggestions = NameSuggestions.closest(wanted, local, TableInfo::name).stream()
                .map(TableInfo::localName).toList();
        if (suggestions.isEmpty()) {
            suggestions = NameSuggestions.closest(wanted, snapshot.tables(), TableInfo::name).stream()
                    .map(TableInfo::qualifiedName).toList();
        }
        String hint = !suggestions.isEmpty()
                ? NameSuggestions.didYouMean(suggestions)
                : NameSuggestions.hint(wanted, local.stream().map(TableInfo::localName).toList(),
                        "Call list_tables or search_catalog to find it.");
        return MallardException.notFound("Table '" + table + "' not found in database '" + database + "'." + hint);
    }
}
