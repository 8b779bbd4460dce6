package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.config.WriteMode;
import dev.mallard.config.WriteSettings;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.engine.ChangeReport;
import dev.mallard.engine.ChangeRequest;
import dev.mallard.engine.QueryControl;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.QueryResult;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.mutations.Decision;
import dev.mallard.mutations.Mutation;
import dev.mallard.mutations.MutationService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code query_rw}: SQL that changes data or the schema, all statements of a call in one
 * transaction. With {@code --writes direct} it applies at once. With {@code --writes confirm} it
 * only previews: the person approves in the client (MCP elicitation) when the client can ask, or
 * the agent shows the preview and calls {@code confirm_mutation}. Not offered with writes off.
 */
public final class QueryRwTool implements Tool {
    private final QueryEngine engine;
    private final CatalogService catalog;
    private final CatalogAnnotations annotations;
    private final WriteSettings writes;
    private final MutationService mutations;
    private final ToolDefinition definition;

    public QueryRwTool(QueryEngine engine, CatalogService catalog, CatalogAnnotations annotations, WriteSettings writes, MutationService mutations) {
        this.engine = engine;
        this.catalog = catalog;
        this.annotations = annotations;
        this.writes = writes;
        this.mutations = mutations;
        boolean confirm = writes.mode() == WriteMode.CONFIRM;
        String description = confirm
                ? "Propose SQL that changes data or the schema (INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, DROP, "
                        + "...). Nothing changes until it is approved: the SQL runs in a transaction that is rolled "
                        + "back, and you get a preview (per statement: kind and rows affected; per table: sample rows "
                        + "before and after; schema changes) with a mutation_id that expires in "
                        + minutes(writes.mutationTtl()) + ". If your client can ask the user, the user is asked "
                        + "directly; otherwise show the preview to the user and call confirm_mutation (or "
                        + "cancel_mutation). Several statements separated by semicolons are one change."
                : "Run DuckDB SQL that changes data or the schema: INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, "
                        + "DROP, and so on. Several statements separated by semicolons run in one transaction: all of "
                        + "them apply or none does. Returns the rows changed per statement, and the rows of a "
                        + "RETURNING clause. Use query for reading. Files outside the served databases cannot be "
                        + "read or written.";
        this.definition = new ToolDefinition("query_rw", confirm ? "Propose a change (preview first)"
                : "Run SQL that changes data", description,
                JsonSchemas.object()
                        .required("sql", JsonSchemas.string("DuckDB SQL; one or more statements."))
                        .optional("database", JsonSchemas.databaseArgument(engine.defaultDatabase().name()))
                        .buildInput(),
                confirm ? ChangeView.outputSchema() : QueryResultView.outputSchema(true),
                confirm ? new ToolHints(false, true, false) : ToolHints.DESTRUCTIVE, Scope.WRITE);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public Optional<String> unavailableReason() {
        return writes.allowed()
                ? Optional.empty()
                : Optional.of("This server serves its databases read-only, so query_rw is not available. Use query "
                        + "to read; to allow changes, restart Mallard with --writes confirm (changes are previewed "
                        + "and approved) or --writes direct.");
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        CatalogService catalog = context.caller().catalog(this.catalog);
        String sql = arguments.requiredString("sql");
        ServedDatabase database = catalog.resolveDatabase(arguments.optionalString("database"));
        if (!context.caller().canWrite(database.name())) {
            throw new MallardException(ErrorCode.NOT_GRANTED, "You may read database '" + database.name()
                    + "' but not change it. Ask an administrator for write access (mallard users grant "
                    + context.caller().user() + " " + database.name() + " --write).");
        }
        QueryControl control = QueryProgress.control(context);
        if (writes.mode() == WriteMode.CONFIRM) {
            return propose(sql, database, context, control);
        }
        try {
            ChangeReport report = engine.apply(List.of(new ChangeRequest(sql, database, null)), control,
                    annotations.access(context.caller()));
            return applied(report, database, sql);
        } finally {
            // DDL may have created, altered or dropped tables; the next catalog read starts afresh.
            catalog.invalidate();
        }
    }

    private ToolResult propose(String sql, ServedDatabase database, ToolContext context, QueryControl control) {
        String principal = context.caller().user();
        Optional<String> continued = context.prompt().flatMap(UserPrompt::continuing);
        Mutation mutation = continued.isPresent()
                ? mutations.pending(continued.get(), principal, sql, database)
                : mutations.propose(sql, database, principal, control, annotations.access(context.caller()));
        if (context.prompt().isEmpty()) {
            return ChangeView.pending(mutation, ChangeView.confirmStep(mutation));
        }
        return switch (context.prompt().get().confirm(mutation.id(), ChangeView.question(mutation))) {
            case UserPrompt.Answer.Approved approved -> decided(mutations.confirm(List.of(mutation.id()), principal,
                    control, annotations.access(context.caller())));
            case UserPrompt.Answer.Declined declined -> {
                mutations.cancel(mutation.id(), principal);
                yield ChangeView.notApplied("declined", mutation, "The user declined this change.");
            }
            case UserPrompt.Answer.Dismissed dismissed -> {
                mutations.cancel(mutation.id(), principal);
                yield ChangeView.notApplied("dismissed", mutation, "The user closed the question without approving.");
            }
            case UserPrompt.Answer.Unanswered unanswered -> ChangeView.pending(mutation, "The user could not be asked ("
                    + unanswered.reason() + "). " + ChangeView.confirmStep(mutation));
            case UserPrompt.Answer.Deferred deferred -> ChangeView.pending(mutation, "The user is asked in the client "
                    + "before anything changes. " + ChangeView.confirmStep(mutation));
        };
    }

    static ToolResult decided(Decision decision) {
        return switch (decision) {
            case Decision.Applied applied -> ChangeView.applied(applied);
            case Decision.DataChanged changed -> ChangeView.dataChanged(changed);
        };
    }

    private ToolResult applied(ChangeReport report, ServedDatabase database, String sql) {
        ChangeReport.StatementResult last = report.statements().getLast();
        QueryResult returned = last.returned();
        Long total = ChangeView.totalRows(report);
        QueryResult shown = returned == null ? QueryResult.noRows(OptionalLong.empty(), Duration.ZERO) : returned;
        ToolResult base = QueryResultView.render(shown, null, shown.rowCount(), engine.limits().maxChars(),
                List.of("Committed: " + ChangeView.summary(report) + "."), true);
        Map<String, Object> structured = new LinkedHashMap<>(base.structured());
        structured.put("rows_affected", total);
        structured.put("statements", ChangeView.statements(report));
        return new ToolResult(structured, base.text(), new AuditFacts(database.name(), sql, null, total));
    }

    private static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 1 ? minutes + " minute" + (minutes == 1 ? "" : "s") : duration.toSeconds() + " seconds";
    }
}
