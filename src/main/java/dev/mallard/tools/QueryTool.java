package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.config.CursorSettings;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.QueryResult;
import dev.mallard.engine.ResultSnapshots;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.error.MallardException;
import java.util.Locale;

/**
 * {@code query}: one read-only SQL query. Read-only always, whatever the server allows. A result
 * that does not fit comes with a cursor; calling again with it returns the next page of the same
 * result, as it was when the query ran.
 */
public final class QueryTool implements Tool {
    private final QueryEngine engine;
    private final CatalogService catalog;
    private final CatalogAnnotations annotations;
    private final StaleNotice staleNotice;
    private final ToolDefinition definition;

    public QueryTool(QueryEngine engine, CatalogService catalog, CatalogAnnotations annotations,
            StaleNotice staleNotice) {
        this.engine = engine;
        this.staleNotice = staleNotice;
        this.catalog = catalog;
        this.annotations = annotations;
        int defaultRows = engine.limits().defaultRows();
        int maxRows = engine.limits().maxRows();
        this.definition = new ToolDefinition("query", "Run a read-only SQL query",
                "Run one read-only DuckDB SQL query (SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW) and get "
                        + "its rows. Returns columns with DuckDB types and rows as arrays, capped at max_rows rows "
                        + "(default " + defaultRows + ", at most " + maxRows + ") and "
                        + String.format(Locale.ROOT, "%,d", engine.limits().maxChars())
                        + " characters. When rows were left out, the result has next_cursor: call query with "
                        + "cursor=<next_cursor> (sql may be left out) for the next page of the same result, until a "
                        + "page has no next_cursor; offset and total_rows say where a page is. Runs in the default "
                        + "database unless 'database' names another; tables of other databases are reachable as "
                        + "database.schema.table. Explore first with list_tables, describe_table or search_catalog. "
                        + "Nothing can be changed through this tool.",
                JsonSchemas.object()
                        .optional("sql", JsonSchemas.string("One DuckDB SQL query. Required unless cursor is given."))
                        .optional("database", JsonSchemas.databaseArgument(engine.defaultDatabase().name()))
                        .optional("max_rows", JsonSchemas.integer("Rows to return (default " + defaultRows
                                + "; values above " + maxRows + " are capped). Applies to each page.", 1))
                        .optional("cursor", JsonSchemas.string("The next_cursor of an earlier query result: returns "
                                + "the next page of that result."))
                        .buildInput(),
                QueryResultView.outputSchema(false), ToolHints.READ_ONLY, Scope.READ);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        String cursor = arguments.optionalString("cursor");
        if (cursor != null) {
            return nextPage(cursor, arguments, context);
        }
        CatalogService catalog = context.caller().catalog(this.catalog);
        String sql = arguments.optionalString("sql");
        if (sql == null || sql.isBlank()) {
            throw MallardException.invalidArgument("Pass 'sql' with the query to run, or 'cursor' with the "
                    + "next_cursor of an earlier result to get its next page.");
        }
        ServedDatabase database = catalog.resolveDatabase(arguments.optionalString("database"));
        Integer asked = arguments.optionalInteger("max_rows");
        int rows = engine.limits().rowsFor(asked);
        QueryResult result = engine.readPageable(sql, database, rows, QueryProgress.control(context),
                annotations.access(context.caller()), cursorOwner(context.caller()));
        ToolResult view = QueryResultView.renderFirstPage(result, asked, rows, engine.limits().maxChars(),
                cursors(), engine.snapshotTime());
        return staleNotice.addTo(new ToolResult(view.structured(), view.text(),
                new AuditFacts(database.name(), sql, null, (long) result.rowCount())), context.caller(), sql, database);
    }

    private ToolResult nextPage(String cursor, ToolArguments arguments, ToolContext context) {
        ResultSnapshots.Found found = engine.snapshots().find(cursor, cursorOwner(context.caller()));
        ResultSnapshots.Origin origin = found.origin();
        String sql = arguments.optionalString("sql");
        if (sql != null && !sql.isBlank() && !sql.strip().equals(origin.sql().strip())) {
            throw MallardException.invalidArgument("This cursor pages the result of another query. Leave sql out "
                    + "to get the cursor's next page, or leave cursor out to run this query.");
        }
        String database = arguments.optionalString("database");
        if (database != null && !database.isBlank() && !database.equalsIgnoreCase(origin.database())) {
            throw MallardException.invalidArgument("This cursor pages a query of database '" + origin.database()
                    + "', not '" + database + "'. Leave database out when passing a cursor.");
        }
        Integer asked = arguments.optionalInteger("max_rows");
        int rows = engine.limits().rowsFor(asked);
        ResultSnapshots.Page page = found.read(rows, engine.limits().maxChars());
        ToolResult view = QueryResultView.renderPage(page, asked, rows, engine.limits().maxChars(), cursors(),
                engine.snapshotTime());
        return new ToolResult(view.structured(), view.text(),
                new AuditFacts(origin.database(), origin.sql(), null, (long) page.rows().size()));
    }

    private CursorSettings cursors() {
        return engine.snapshots().settings();
    }

    /**
     * Who may page a result: the user, and only with a credential that sees what the result holds,
     * so rows read unmasked by a key with the pii scope are not paged by the same user's other keys.
     */
    private static String cursorOwner(Caller caller) {
        return caller.principal().has(Scope.PII) ? caller.user() + "\u0000pii" : caller.user();
    }
}
