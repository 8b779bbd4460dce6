package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.CatalogSnapshot;
import dev.mallard.catalog.NameSuggestions;
import dev.mallard.catalog.SchemaInfo;
import dev.mallard.catalog.TableInfo;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.error.MallardException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** {@code list_tables}: tables and views of a database, with row counts and comments. */
public final class ListTablesTool implements Tool {
    private final CatalogService catalog;
    private final ToolDefinition definition;

    public ListTablesTool(CatalogService catalog, String defaultDatabase) {
        this.catalog = catalog;
        this.definition = new ToolDefinition("list_tables", "List tables",
                "List the tables and views of a database (default: " + defaultDatabase + "), optionally of one "
                        + "schema, with their exact row counts (views are not counted) and comments. Use "
                        + "describe_table or list_columns next.",
                JsonSchemas.object()
                        .optional("database", JsonSchemas.databaseArgument(defaultDatabase))
                        .optional("schema", JsonSchemas.string("Only this schema, e.g. main."))
                        .buildInput(),
                JsonSchemas.rowsTable("schema, name, kind (table or view), row_count, comment", "One array per table.")
                        .required("database", JsonSchemas.string("The database listed."))
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
        ServedDatabase database = catalog.resolveDatabase(arguments.optionalString("database"));
        String schema = arguments.optionalString("schema");
        CatalogSnapshot snapshot = catalog.snapshot();
        List<TableInfo> tables;
        if (schema == null || schema.isBlank()) {
            tables = snapshot.tables(database.name());
        } else {
            requireSchema(snapshot, database.name(), schema.strip());
            tables = snapshot.tables(database.name(), schema.strip());
        }
        TableView view = new TableView("schema", "name", "kind", "row_count", "comment");
        StringBuilder text = new StringBuilder(database.name() + ": " + QueryResultView.count(tables.size(), "table")
                + (tables.isEmpty() ? "." : "") + "\n");
        for (TableInfo table : tables) {
            OptionalLong rows = catalog.rowCount(table);
            view.add(table.schema(), table.name(), table.kind().label(), QueryResultView.orNull(rows), table.comment());
            text.append(CatalogText.table(table.localName(), table, rows));
            if (table.comment() != null) {
                text.append(": ").append(table.comment());
            }
            text.append('\n');
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("database", database.name());
        structured.putAll(view.toMap());
        return new ToolResult(structured, text.toString().strip(),
                new AuditFacts(database.name(), null, null, (long) tables.size()));
    }

    private static void requireSchema(CatalogSnapshot snapshot, String database, String schema) {
        List<String> schemas = snapshot.schemas(database).stream().map(SchemaInfo::name).toList();
        if (schemas.stream().noneMatch(s -> s.equalsIgnoreCase(schema))) {
            throw MallardException.notFound("Schema '" + schema + "' not found in database '" + database + "'."
                    + NameSuggestions.hint(schema, schemas, ""));
        }
    }
}
