package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.ColumnInfo;
import dev.mallard.catalog.TableInfo;
import dev.mallard.engine.QueryControl;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code describe_table}: everything an agent needs before querying a table: columns with types and
 * comments, the row count, a few sample rows, and notes learned from the data.
 */
public final class DescribeTableTool implements Tool {
    private static final int SAMPLE_ROWS = 5;

    private final QueryEngine engine;
    private final CatalogService catalog;
    private final CatalogAnnotations annotations;
    private final ToolDefinition definition;

    public DescribeTableTool(QueryEngine engine, CatalogService catalog, CatalogAnnotations annotations) {
        this.engine = engine;
        this.catalog = catalog;
        this.annotations = annotations;
        String defaultDatabase = engine.defaultDatabase().name();
        this.definition = new ToolDefinition("describe_table", "Describe a table",
                "Describe a table or view: its comment, exact row count, columns (type, nullability, comment), "
                        + SAMPLE_ROWS + " sample rows, annotations people added (description, note, PII flag), and "
                        + "notes learned from the data, such as integer columns holding unix timestamps, dates "
                        + "stored as text, or the few values a text column takes.",
                JsonSchemas.object()
                        .required("table", JsonSchemas.string("Table or view: name, schema.name or database.schema.name."))
                        .optional("database", JsonSchemas.databaseArgument(defaultDatabase))
                        .buildInput(),
                JsonSchemas.object()
                        .required("table", JsonSchemas.string("The table, fully qualified."))
                        .required("kind", JsonSchemas.string("table or view"))
                        .optional("comment", JsonSchemas.nullable("string", "COMMENT ON TABLE text."))
                        .optional("annotation", AnnotationView.schema("Mallard's annotation of the table."))
                        .optional("row_count", JsonSchemas.nullable("integer", "Exact rows (not counted for views)."))
                        .required("columns", JsonSchemas.arrayOf(JsonSchemas.object()
                                .required("name", JsonSchemas.string("Column name"))
                                .required("type", JsonSchemas.string("DuckDB type"))
                                .required("nullable", JsonSchemas.bool("May hold NULL"))
                                .optional("comment", JsonSchemas.string("COMMENT ON COLUMN text"))
                                .optional("annotation", AnnotationView.schema("Mallard's annotation of the column."))
                                .optional("note", JsonSchemas.string("What the data shows, e.g. unix seconds"))
                                .build(null), "The columns in order."))
                        .required("sample", JsonSchemas.object()
                                .required("columns", JsonSchemas.arrayOf(Map.of("type", "object"), "name and type"))
                                .required("rows", JsonSchemas.arrayOf(Map.of("type", "array"), "Sample rows"))
                                .build("A few rows as query returns them."))
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
                null);
        OptionalLong rowCount = catalog.rowCount(table);
        TableAnnotations annotated = annotations.of(table);
        Map<String, String> notes = annotations.visibleNotes(catalog.columnNotes(table), annotated, context.caller());
        QueryControl control = QueryProgress.control(context);
        QueryResult sample = engine.read("SELECT * FROM " + table.qualifiedName() + " LIMIT " + SAMPLE_ROWS,
                catalog.resolveDatabase(table.database()), SAMPLE_ROWS, control, annotations.access(context.caller()));

        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("table", table.qualifiedName());
        structured.put("kind", table.kind().label());
        structured.put("comment", table.comment());
        annotated.table().ifPresent(annotation -> structured.put("annotation", AnnotationView.structured(annotation)));
        structured.put("row_count", QueryResultView.orNull(rowCount));
        structured.put("columns", columns(table, notes, annotated));
        structured.put("sample", Map.of("columns", sample.columns(), "rows", sample.rows()));
        return new ToolResult(structured, text(table, rowCount, notes, annotated, sample),
                new AuditFacts(table.database(), null, null, null));
    }

    private static List<Map<String, Object>> columns(TableInfo table, Map<String, String> notes,
            TableAnnotations annotations) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (ColumnInfo column : table.columns()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("type", column.type());
            entry.put("nullable", column.nullable());
            if (column.comment() != null) {
                entry.put("comment", column.comment());
            }
            annotations.column(column.name())
                    .ifPresent(annotation -> entry.put("annotation", AnnotationView.structured(annotation)));
            if (notes.containsKey(column.name())) {
                entry.put("note", notes.get(column.name()));
            }
            columns.add(entry);
        }
        return columns;
    }

    private static String text(TableInfo table, OptionalLong rowCount, Map<String, String> notes,
            TableAnnotations annotations, QueryResult sample) {
        StringBuilder text = new StringBuilder(CatalogText.tableDescription(table, rowCount, notes, annotations));
        text.append("Sample (").append(QueryResultView.count(sample.rowCount(), "row")).append("):\n");
        sample.renderedRows().forEach(row -> text.append("  ").append(row).append('\n'));
        return text.toString().strip();
    }
}
