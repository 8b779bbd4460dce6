package dev.mallard.tools;

import dev.mallard.audit.AuditWriter;
import dev.mallard.auth.Scope;
import dev.mallard.error.MallardException;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.store.AuditStore;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * {@code audit_log}: the newest tool calls. Everyone may read their own; a credential with the admin
 * scope reads everyone's.
 */
public final class AuditLogTool implements Tool {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;

    private static final ToolDefinition DEFINITION = new ToolDefinition("audit_log", "Audit log",
            "The newest tool calls recorded in the audit log, newest first: time, user, client, tool, database, "
                    + "SQL (secrets redacted), outcome, rows and duration. You see your own calls; with the admin "
                    + "scope, everyone's, optionally narrowed to one user.",
            JsonSchemas.object()
                    .optional("since", JsonSchemas.string("Only calls at or after this UTC time, ISO-8601, e.g. "
                            + "2026-11-21T09:00:00Z."))
                    .optional("tool", JsonSchemas.string("Only calls of this tool, e.g. query_rw."))
                    .optional("user", JsonSchemas.string("Only this user's calls (admin scope only)."))
                    .optional("limit", JsonSchemas.integer("Most entries (default " + DEFAULT_LIMIT + ", at most "
                            + MAX_LIMIT + ").", 1))
                    .buildInput(),
            JsonSchemas.rowsTable("time, user, client, tool, database, sql, outcome, rows, duration_ms",
                    "One array per call, newest first.").build(null),
            ToolHints.READ_ONLY, Scope.READ);

    private final AuditWriter writer;
    private final AuditStore store;

    public AuditLogTool(AuditWriter writer, AuditStore store) {
        this.writer = writer;
        this.store = store;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        Caller caller = context.caller();
        String user = arguments.optionalString("user");
        boolean admin = caller.principal().has(Scope.ADMIN);
        if (user != null && !admin && !user.equals(caller.user())) {
            throw MallardException.invalidArgument("Reading another user's calls needs the admin scope. Leave "
                    + "'user' out to see your own.");
        }
        Integer asked = arguments.optionalInteger("limit");
        int limit = Math.min(asked == null ? DEFAULT_LIMIT : asked, MAX_LIMIT);
        String principal = admin ? user : caller.user();
        writer.flush();
        List<AuditEntry> entries = store.recent(new AuditQuery(since(arguments.optionalString("since")),
                arguments.optionalString("tool"), principal, limit));
        TableView view = new TableView("time", "user", "client", "tool", "database", "sql", "outcome", "rows",
                "duration_ms");
        StringBuilder text = new StringBuilder();
        for (AuditEntry entry : entries) {
            String client = entry.clientId() != null ? entry.clientId() : entry.clientName();
            view.add(entry.time().toString(), entry.principal(), client, entry.tool(), entry.database(), entry.sql(),
                    entry.outcome(), entry.rowsReturned(), entry.durationMillis());
            text.append(entry.time()).append(' ').append(entry.principal()).append(' ').append(entry.tool())
                    .append(entry.database() == null ? "" : " on " + entry.database()).append(": ")
                    .append(entry.outcome()).append(entry.sql() == null ? "" : " — " + entry.sql()).append('\n');
        }
        if (entries.isEmpty()) {
            text.append("No calls recorded").append(principal == null ? "" : " for " + principal).append('.');
        }
        return new ToolResult(view.toMap(), text.toString().strip());
    }

    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeException e) {
            throw MallardException.invalidArgument("'since' must be a UTC time in ISO-8601, e.g. "
                    + "2026-11-21T09:00:00Z (got '" + text + "').");
        }
    }
}
