package dev.mallard.tools;

import dev.mallard.catalog.CatalogService;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.QueryResult;
import dev.mallard.engine.ServedDatabase;
import java.util.List;
import java.util.Optional;

/**
 * {@code query_rw}: SQL that may change data or the schema. Offered only when the server allows
 * writes; all statements of one call commit together or not at all.
 */
public final class QueryRwTool implements Tool {
    private final QueryEngine engine;
    private final CatalogService catalog;
    private final boolean writesAllowed;
    private final ToolDefinition definition;

    public QueryRwTool(QueryEngine engine, CatalogService catalog, boolean writesAllowed) {
        this.engine = engine;
        this.catalog = catalog;
        this.writesAllowed = writesAllowed;
        this.definition = new ToolDefinition("query_rw", "Run SQL that changes data",
                "Run DuckDB SQL that changes data or the schema: INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, DROP, "
                        + "and so on. Several statements separated by semicolons run in one transaction: all of them "
                        + "apply or none does. Returns the rows changed, or the rows of a RETURNING clause. Use "
                        + "query for reading. Files outside the served databases cannot be read or written.",
                JsonSchemas.object()
                        .required("sql", JsonSchemas.string("DuckDB SQL; one or more statements."))
                        .optional("database", JsonSchemas.databaseArgument(engine.defaultDatabase().name()))
                        .buildInput(),
                QueryResultView.outputSchema(true), ToolHints.DESTRUCTIVE, Scope.WRITE);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public Optional<String> unavailableReason() {
        return writesAllowed
                ? Optional.empty()
                : Optional.of("This server serves its databases read-only, so query_rw is not available. Use query "
                        + "to read; to allow changes, restart Mallard with --read-write.");
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        String sql = arguments.requiredString("sql");
        ServedDatabase database = catalog.resolveDatabase(arguments.optionalString("database"));
        int rows = engine.limits().defaultRows();
        try {
            QueryResult result = engine.write(sql, database, rows, QueryProgress.control(context));
            return QueryResultView.render(result, null, rows, engine.limits().maxChars(), List.of(), true);
        } finally {
            // DDL may have created, altered or dropped tables; the next catalog read starts afresh.
            catalog.invalidate();
        }
    }
}
