package dev.mallard.resources;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.TableInfo;
import dev.mallard.engine.Identifiers;
import dev.mallard.error.MallardException;
import dev.mallard.tools.Caller;
import dev.mallard.tools.CatalogAnnotations;
import dev.mallard.tools.CatalogText;
import dev.mallard.tools.TableAnnotations;
import java.util.List;

/**
 * Each table and view a caller may read, as a resource whose text is the table's description:
 * columns with their DuckDB types, comments and annotations, the row count, and notes learned from
 * the data (the same text describe_table starts with). A caller sees only the databases it is granted.
 */
public final class TableResources {
    public static final String MIME_TYPE = "text/plain";

    private final CatalogService catalog;
    private final CatalogAnnotations annotations;

    public TableResources(CatalogService catalog, CatalogAnnotations annotations) {
        this.catalog = catalog;
        this.annotations = annotations;
    }

    /** The caller's tables and views, in catalog order. */
    public List<TableResource> list(Caller caller) {
        if (!caller.principal().has(Scope.READ)) {
            return List.of();
        }
        return caller.catalog(catalog).snapshot().tables().stream()
                .map(table -> new TableResource(TableUri.of(table), table.qualifiedName(), summary(table)))
                .toList();
    }

    /**
     * The description of the table at {@code uri}.
     *
     * @throws MallardException {@code NOT_FOUND} when the caller has no such table, with the closest names
     */
    public String read(String uri, Caller caller) {
        TableUri address = TableUri.parse(uri).orElseThrow(() -> MallardException.notFound("Resource '" + uri
                + "' not found. Table resources are addressed as " + TableUri.TEMPLATE + "; resources/list shows them."));
        if (!caller.principal().has(Scope.READ)) {
            throw MallardException.notFound("Resource '" + uri + "' not found.");
        }
        CatalogService visible = caller.catalog(catalog);
        TableInfo table = visible.resolveTable(Identifiers.qualify(address.schema(), address.table()),
                address.database(), null);
        TableAnnotations annotated = annotations.of(table);
        return CatalogText.tableDescription(table, visible.rowCount(table),
                annotations.visibleNotes(visible.columnNotes(table), annotated, caller), annotated).strip();
    }

    private static String summary(TableInfo table) {
        String kind = table.kind().label() + ", " + table.columns().size() + " columns";
        return table.comment() == null ? kind : kind + ": " + table.comment();
    }
}
