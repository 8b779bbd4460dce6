package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.CatalogSnapshot;
import dev.mallard.catalog.DatabaseInfo;
import java.util.Map;

/** {@code list_databases}: the served databases. */
public final class ListDatabasesTool implements Tool {
    private static final ToolDefinition DEFINITION = new ToolDefinition("list_databases", "List databases",
            "List the databases this server serves: name, whether it is the default (queries run there unless they "
                    + "name another), whether it is writable, its number of tables and views, and its comment.",
            JsonSchemas.object().buildInput(),
            JsonSchemas.rowsTable("name, default, writable, tables, comment", "One array per database.").build(null),
            ToolHints.READ_ONLY, Scope.READ);

    private final CatalogService catalog;

    public ListDatabasesTool(CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        CatalogService catalog = context.caller().catalog(this.catalog);
        CatalogSnapshot snapshot = catalog.snapshot();
        TableView view = new TableView("name", "default", "writable", "tables", "comment");
        StringBuilder text = new StringBuilder();
        for (DatabaseInfo database : snapshot.databases()) {
            int tables = snapshot.tables(database.name()).size();
            view.add(database.name(), database.isDefault(), database.writable(), tables, database.comment());
            text.append(CatalogText.database(database, tables));
            if (database.comment() != null) {
                text.append(": ").append(database.comment());
            }
            text.append('\n');
        }
        Map<String, Object> structured = view.toMap();
        return new ToolResult(structured, text.toString().strip());
    }
}
