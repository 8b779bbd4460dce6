package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.ColumnInfo;
import dev.mallard.catalog.TableInfo;
import dev.mallard.store.StoredAnnotation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code list_columns}: the columns of one table or view. */
public final class ListColumnsTool implements Tool {
    private final CatalogService catalog;
    private final CatalogAnnotations annotations;
    private final ToolDefinition definition;

    public ListColumnsTool(CatalogService catalog, CatalogAnnotations annotations, String defaultDatabase) {
        this.catalog = catalog;
        this.annotations = annotations;
        this.definition = new ToolDefinition("list_columns", "List columns",
                "List the columns of a table or view: name, DuckDB type, whether it may be NULL, its comment "
                        + "(COMMENT ON), and the annotation people added in Mallard (description, note, PII flag).",
                JsonSchemas.object()
                        .required("table", JsonSchemas.string("Table or view: name, schema.name or database.schema.name."))
                        .optional("database", JsonSchemas.databaseArgument(defaultDatabase))
                        .optional("schema", JsonSchemas.string("Schema, when the name alone is ambiguous."))
                        .buildInput(),
                JsonSchemas.rowsTable("name, type, nullable, comment, description, note, pii", "One array per "
                        + "column. comment is DuckDB's COMMENT ON text; description, note and pii are Mallard's "
                        + "annotation (see annotate).")
                        .required("table", JsonSchemas.string("The table, fully qualified."))
                        .required("kind", JsonSchemas.string("table or view"))
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
        TableInfo table = catalog.resolveTable(arguments.requiredString("table"), arguments.optionalString("database"),
                arguments.optionalString("schema"));
        TableAnnotations annotated = annotations.of(table);
        boolean tablePii = annotated.table().map(StoredAnnotation::pii).orElse(false);
        TableView view = new TableView("name", "type", "nullable", "comment", "description", "note", "pii");
        StringBuilder text = new StringBuilder(table.qualifiedName() + " (" + table.kind().label() + "), "
                + QueryResultView.count(table.columns().size(), "column")
                + annotated.table().map(AnnotationView::bracketed).orElse("") + ":\n");
        for (ColumnInfo column : table.columns()) {
            Optional<StoredAnnotation> annotation = annotated.column(column.name());
            view.add(column.name(), column.type(), column.nullable(), column.comment(),
                    annotation.flatMap(StoredAnnotation::description).orElse(null),
                    annotation.flatMap(StoredAnnotation::note).orElse(null),
                    tablePii || annotation.map(StoredAnnotation::pii).orElse(false));
            text.append(CatalogText.column(column, annotated)).append('\n');
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("table", table.qualifiedName());
        structured.put("kind", table.kind().label());
        structured.putAll(view.toMap());
        return new ToolResult(structured, text.toString().strip(),
                new AuditFacts(table.database(), null, null, (long) table.columns().size()));
    }
}
