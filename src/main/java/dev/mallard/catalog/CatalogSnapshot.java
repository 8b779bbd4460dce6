package dev.mallard.catalog;

import dev.mallard.engine.Identifiers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The served databases' schemas, tables, views and columns at one moment. Exact row counts are
 * filled in lazily and kept until the snapshot is replaced (after a write).
 */
public final class CatalogSnapshot {
    private final List<DatabaseInfo> databases;
    private final List<SchemaInfo> schemas;
    private final List<TableInfo> tables;
    private final Map<String, Long> rowCounts;
    private final Map<String, Map<String, String>> columnNotes;

    CatalogSnapshot(List<DatabaseInfo> databases, List<SchemaInfo> schemas, List<TableInfo> tables) {
        this(databases, schemas, tables, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    private CatalogSnapshot(List<DatabaseInfo> databases, List<SchemaInfo> schemas, List<TableInfo> tables,
            Map<String, Long> rowCounts, Map<String, Map<String, String>> columnNotes) {
        this.databases = List.copyOf(databases);
        this.schemas = List.copyOf(schemas);
        this.tables = List.copyOf(tables);
        this.rowCounts = rowCounts;
        this.columnNotes = columnNotes;
    }

    /** The part of this snapshot in the given databases, sharing its cached counts and notes. */
    CatalogSnapshot restrictedTo(Predicate<String> database) {
        return new CatalogSnapshot(databases.stream().filter(d -> database.test(d.name())).toList(),
                schemas.stream().filter(s -> database.test(s.database())).toList(),
                tables.stream().filter(t -> database.test(t.database())).toList(), rowCounts, columnNotes);
    }

    public List<DatabaseInfo> databases() {
        return databases;
    }

    public List<SchemaInfo> schemas() {
        return schemas;
    }

    public List<TableInfo> tables() {
        return tables;
    }

    public Optional<DatabaseInfo> database(String name) {
        return databases.stream().filter(d -> Identifiers.same(d.name(), name)).findFirst();
    }

    public List<SchemaInfo> schemas(String database) {
        return schemas.stream().filter(s -> Identifiers.same(s.database(), database)).toList();
    }

    public List<TableInfo> tables(String database) {
        return tables.stream().filter(t -> Identifiers.same(t.database(), database)).toList();
    }

    public List<TableInfo> tables(String database, String schema) {
        return tables.stream()
                .filter(t -> Identifiers.same(t.database(), database) && Identifiers.same(t.schema(), schema))
                .toList();
    }

    OptionalLong cachedRowCount(TableInfo table) {
        Long count = rowCounts.get(table.qualifiedName());
        return count == null ? OptionalLong.empty() : OptionalLong.of(count);
    }

    void cacheRowCount(TableInfo table, long count) {
        rowCounts.put(table.qualifiedName(), count);
    }

    Optional<Map<String, String>> cachedColumnNotes(TableInfo table) {
        return Optional.ofNullable(columnNotes.get(table.qualifiedName()));
    }

    void cacheColumnNotes(TableInfo table, Map<String, String> notes) {
        columnNotes.put(table.qualifiedName(), Map.copyOf(notes));
    }
}
