package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.ColumnInfo;
import dev.mallard.catalog.TableInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code list_columns}: the columns of one table or view. */
public final class ListColumnsTool implements Tool {
    private final CatalogService catalog;
    private final ToolDefinition definition;

    public ListColumnsTool(CatalogService catalog, String defaultDatabase) {
        this.catalog = catalog;
        this.definition = new ToolDefinition("list_columns", "List columns",
                "List the columns of a table or view: name, DuckDB type, whether it may be NULL, and its comment.",
                JsonSchemas.object()
                        .required("table", JsonSchemas.string("Table or view: name, schema.name or database.schema.name."))
                        .optional("database", JsonSchemas.databaseArgument(defaultDatabase))
                        .optional("schema", JsonSchemas.string("Schema, when the name alone is ambiguous."))
                        .buildInput(),
                JsonSchemas.rowsTable("name, type, nullable, comment", "One array per column.")
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
        TableView view = new TableView("name", "type", "nullable", "comment");
        StringBuilder text = new StringBuilder(table.qualifiedName() + " (" + table.kind().label() + "), "
                + QueryResultView.count(table.columns().size(), "column") + ":\n");
        for (ColumnInfo column : table.columns()) {
            view.add(column.name(), column.type(), column.nullable(), column.comment());
            text.append(CatalogText.column(column)).append('\n');
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("table", table.qualifiedName());
        structured.put("kind", table.kind().label());
        structured.putAll(view.toMap());
        return new ToolResult(structured, text.toString().strip(),
                new AuditFacts(table.database(), null, null, (long) table.columns().size()));
    }
}
