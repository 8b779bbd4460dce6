package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogSearch;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.ObjectType;
import dev.mallard.catalog.SearchHit;
import dev.mallard.error.MallardException;
import dev.mallard.store.StoredAnnotation;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code search_catalog}: fuzzy search over every served database's schemas, tables, views and columns. */
public final class SearchCatalogTool implements Tool {
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final CatalogService catalog;
    private final CatalogAnnotations annotations;
    private final ToolDefinition definition;

    public SearchCatalogTool(CatalogService catalog, CatalogAnnotations annotations) {
        this.catalog = catalog;
        this.annotations = annotations;
        this.definition = new ToolDefinition("search_catalog", "Search the catalog",
                "Find databases, schemas, tables, views and columns by name, comment or annotation, across all "
                        + "served databases. Matching is fuzzy (Jaro-Winkler, so typos and partial names work) and "
                        + "ranked; each hit has its qualified name, type for columns, comment, annotation and "
                        + "score. Prefer "
                        + "this to listing everything when you look for something specific.",
                JsonSchemas.object()
                        .required("query", JsonSchemas.string("Words to look for, e.g. 'customer email'."))
                        .optional("object_types", JsonSchemas.arrayOf(
                                JsonSchemas.enumOf(ObjectType.labels(), "An object type"),
                                "Only these kinds of objects (default: all)."))
                        .optional("limit", JsonSchemas.integer("Most hits to return (default " + DEFAULT_LIMIT
                                + ", at most " + MAX_LIMIT + ").", 1))
                        .buildInput(),
                JsonSchemas.rowsTable("type, name, data_type, comment, score, annotation", "One array per match, "
                        + "best first. comment is DuckDB's COMMENT ON text; annotation is Mallard's (see annotate).")
                        .build(null),
                ToolHints.READ_ONLY, Scope.READ);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        CatalogService catalog = context.caller().catalog(this.catalog);
        String query = arguments.requiredString("query");
        Set<ObjectType> types = types(arguments.optionalStrings("object_types"));
        Integer asked = arguments.optionalInteger("limit");
        int limit = asked == null ? DEFAULT_LIMIT : Math.min(Math.max(asked, 1), MAX_LIMIT);
        List<SearchHit> hits = CatalogSearch.search(catalog.snapshot(), query, types, limit, annotationTexts());
        TableView view = new TableView("type", "name", "data_type", "comment", "score", "annotation");
        StringBuilder text = new StringBuilder(hits.isEmpty()
                ? "Nothing matches '" + query + "'. Try other words, or list_tables to browse."
                : QueryResultView.format(hits.size()) + (hits.size() == 1 ? " match" : " matches") + " for '"
                        + query + "':\n");
        for (SearchHit hit : hits) {
            view.add(hit.type().label(), hit.name(), hit.dataType(), hit.comment(), hit.score(), hit.annotation());
            text.append(hit.type().label()).append(' ').append(hit.name());
            if (hit.dataType() != null) {
                text.append(' ').append(hit.dataType());
            }
            if (hit.comment() != null) {
                text.append(" — ").append(hit.comment());
            }
            if (hit.annotation() != null) {
                text.append(" [annotation: ").append(hit.annotation()).append(']');
            }
            text.append('\n');
        }
        return new ToolResult(view.toMap(), text.toString().strip());
    }

    /** Every annotation's text by its key; read once per search (the search only looks at visible tables). */
    private CatalogSearch.Annotations annotationTexts() {
        Map<List<String>, String> texts = new HashMap<>();
        for (StoredAnnotation annotation : annotations.all()) {
            texts.put(List.of(annotation.database(), annotation.schema(), annotation.table(),
                    annotation.column().orElse("")), AnnotationView.text(annotation));
        }
        if (texts.isEmpty()) {
            return CatalogSearch.Annotations.NONE;
        }
        return (table, column) -> texts.get(List.of(table.database(), table.schema(), table.name(),
                column == null ? "" : column));
    }

    private static Set<ObjectType> types(List<String> labels) {
        if (labels.isEmpty()) {
            return EnumSet.allOf(ObjectType.class);
        }
        Set<ObjectType> types = EnumSet.noneOf(ObjectType.class);
        for (String label : labels) {
            types.add(ObjectType.fromLabel(label).orElseThrow(() -> MallardException.invalidArgument("Unknown object "
                    + "type '" + label + "'. Use any of: " + String.join(", ", ObjectType.labels()) + ".")));
        }
        return types;
    }
}
