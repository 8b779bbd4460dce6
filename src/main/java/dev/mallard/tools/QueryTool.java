package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.QueryResult;
import dev.mallard.engine.ServedDatabase;
import java.util.List;

/** {@code query}: one read-only SQL query. Read-only always, whatever the server allows. */
public final class QueryTool implements Tool {
    private final QueryEngine engine;
    private final CatalogService catalog;
    private final ToolDefinition definition;

    public QueryTool(QueryEngine engine, CatalogService catalog) {
        this.engine = engine;
        this.catalog = catalog;
        int defaultRows = engine.limits().defaultRows();
        int maxRows = engine.limits().maxRows();
        this.definition = new ToolDefinition("query", "Run a read-only SQL query",
                "Run one read-only DuckDB SQL query (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW) and get "
                        + "its rows. Returns columns with DuckDB types and rows as arrays, capped at max_rows rows "
                        + "(default " + defaultRows + ", at most " + maxRows + ") and "
                        + String.format(java.util.Locale.ROOT, "%,d", engine.limits().maxChars())
                        + " characters; a message says when rows were left out and how many there were. Runs in "
                        + "the default database unless 'database' names another; tables of other databases are "
                        + "reachable as database.schema.table. Explore first with list_tables, describe_table or "
                        + "search_catalog. Nothing can be changed through this tool.",
                JsonSchemas.object()
                        .required("sql", JsonSchemas.string("One DuckDB SQL query."))
                        .optional("database", JsonSchemas.databaseArgument(engine.defaultDatabase().name()))
                        .optional("max_rows", JsonSchemas.integer("Rows to return (default " + defaultRows
                                + "; values above " + maxRows + " are capped).", 1))
                        .buildInput(),
                QueryResultView.outputSchema(false), ToolHints.READ_ONLY, Scope.READ);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        CatalogService catalog = context.caller().catalog(this.catalog);
        String sql = arguments.requiredString("sql");
        ServedDatabase database = catalog.resolveDatabase(arguments.optionalString("database"));
        Integer asked = arguments.optionalInteger("max_rows");
        int rows = engine.limits().rowsFor(asked);
        QueryResult result = engine.read(sql, database, rows, QueryProgress.control(context),
                context.caller().access());
        ToolResult view = QueryResultView.render(result, asked, rows, engine.limits().maxChars(), List.of(), false);
        return new ToolResult(view.structured(), view.text(),
                new AuditFacts(database.name(), sql, null, (long) result.rowCount()));
    }
}
