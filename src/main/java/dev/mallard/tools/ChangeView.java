package dev.mallard.tools;

import dev.mallard.engine.ChangeReport;
import dev.mallard.mutations.Decision;
import dev.mallard.mutations.Mutation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How changes are shown: previews that wait for confirmation, and what was applied. The same shape
 * serves query_rw in confirm mode and the confirm tools, so an agent reads one format.
 */
final class ChangeView {
    private static final int SQL_SHOWN = 400;

    private ChangeView() {}

    static Map<String, Object> outputSchema() {
        Map<String, Object> statement = JsonSchemas.object()
                .required("index", JsonSchemas.integer("1 for the first statement", 1))
                .required("kind", JsonSchemas.string("DuckDB's name for the operation: INSERT, UPDATE, CREATE TABLE, ..."))
                .required("sql", JsonSchemas.string("The statement (shortened when long)."))
                .optional("rows_affected", JsonSchemas.nullable("integer", "Rows inserted, updated or deleted."))
                .build(null);
        Map<String, Object> change = JsonSchemas.object()
                .required("table", JsonSchemas.string("Qualified table name"))
                .required("inserted", JsonSchemas.integer("Rows inserted", 0))
                .required("updated", JsonSchemas.integer("Rows updated", 0))
                .required("deleted", JsonSchemas.integer("Rows deleted", 0))
                .required("columns", JsonSchemas.arrayOf(Map.of("type", "string"), "Column names of the samples"))
                .required("samples", JsonSchemas.arrayOf(Map.of("type", "object"),
                        "A few changed rows: {change: insert|update|delete, before: [...] or null, after: [...] or null}"))
                .build(null);
        Map<String, Object> preview = JsonSchemas.object()
                .required("mutation_id", JsonSchemas.string("Pass it to confirm_mutation to apply this change."))
                .required("expires_at", JsonSchemas.string("ISO-8601 time after which it can no longer be confirmed"))
                .required("database", JsonSchemas.string("The database it changes"))
                .required("statements", JsonSchemas.arrayOf(statement, "Per statement, in order"))
                .required("changes", JsonSchemas.arrayOf(change, "Rows changed, per table"))
                .required("schema_changes", JsonSchemas.arrayOf(Map.of("type", "object"),
                        "Tables, views and schemas created, dropped or altered: {object, change, details}"))
                .build(null);
        return JsonSchemas.object()
                .required("status", JsonSchemas.enumOf(List.of("pending", "applied", "declined", "dismissed",
                        "data_changed"), "pending: previewed, nothing changed yet; applied: committed; declined or "
                                + "dismissed: the user said no, nothing changed; data_changed: not applied because "
                                + "the data changed since the preview, see previews"))
                .required("message", JsonSchemas.string("What happened and what to do next."))
                .optional("mutation_id", JsonSchemas.string("The pending mutation, when status is pending"))
                .optional("expires_at", JsonSchemas.string("When the pending mutation expires"))
                .optional("database", JsonSchemas.string("The database changed"))
                .optional("statements", JsonSchemas.arrayOf(statement, "Per statement, in order"))
                .optional("changes", JsonSchemas.arrayOf(change, "Rows changed, per table (previews only)"))
                .optional("schema_changes", JsonSchemas.arrayOf(Map.of("type", "object"), "Schema changes (previews)"))
                .optional("mutation_ids", JsonSchemas.arrayOf(Map.of("type", "string"), "The mutations applied"))
                .optional("previews", JsonSchemas.arrayOf(preview, "Fresh previews replacing ones whose data changed"))
                .build(null);
    }

    /** A preview waiting for confirmation. */
    static ToolResult pending(Mutation mutation, String nextStep) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", "pending");
        String message = "Nothing has changed yet. " + nextStep;
        structured.put("message", message);
        structured.putAll(preview(mutation));
        String text = "PREVIEW (nothing has changed yet) of mutation " + mutation.id() + " on database "
                + mutation.database() + ", expires " + mutation.expiresAt() + ".\n" + describe(mutation.report())
                + "\n" + nextStep;
        return new ToolResult(structured, text, new AuditFacts(mutation.database(), mutation.sql(), mutation.id(),
                totalRows(mutation.report())));
    }

    static String confirmStep(Mutation mutation) {
        return "Show this preview to the user. To apply it, call confirm_mutation with mutation_id \"" + mutation.id()
                + "\" (before " + mutation.expiresAt() + "); to drop it, call cancel_mutation.";
    }

    static ToolResult applied(Decision.Applied applied) {
        String database = applied.database();
        String sql = applied.sql();
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", "applied");
        String message = "Applied and committed: " + summary(applied.report()) + ".";
        structured.put("message", message);
        structured.put("database", database);
        structured.put("mutation_ids", applied.mutationIds());
        structured.put("statements", statements(applied.report()));
        return new ToolResult(structured, message + "\n" + statementLines(applied.report()),
                new AuditFacts(database, sql, String.join(",", applied.mutationIds()), totalRows(applied.report())));
    }

    static ToolResult dataChanged(Decision.DataChanged changed) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", "data_changed");
        String ids = String.join(", ", changed.freshPreviews().stream().map(Mutation::id).toList());
        String message = "Not applied: " + changed.reason() + ". Nothing was changed. A fresh preview replaces the old "
                + "one; show it to the user and confirm the new mutation_id (" + ids + ") if it is still wanted.";
        structured.put("message", message);
        structured.put("previews", changed.freshPreviews().stream().map(ChangeView::preview).toList());
        StringBuilder text = new StringBuilder(message);
        for (Mutation fresh : changed.freshPreviews()) {
            text.append("\n\nFresh preview ").append(fresh.id()).append(" (expires ").append(fresh.expiresAt())
                    .append("):\n").append(describe(fresh.report()));
        }
        return new ToolResult(structured, text.toString(), new AuditFacts(null, null, ids, null));
    }

    /** The user answered no (declined) or closed the question (dismissed); the mutation was cancelled. */
    static ToolResult notApplied(String status, Mutation mutation, String why) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", status);
        String message = why + " Nothing was changed.";
        structured.put("message", message);
        structured.putAll(preview(mutation));
        return new ToolResult(structured, message + "\n" + describe(mutation.report()),
                new AuditFacts(mutation.database(), mutation.sql(), mutation.id(), 0L));
    }

    /** What the person is asked in the client before a change is applied. */
    static String question(Mutation mutation) {
        return "Apply this change to database '" + mutation.database() + "'?\n\nSQL:\n" + shorten(mutation.sql(), 2_000)
                + "\n\n" + describe(mutation.report());
    }

    private static Map<String, Object> preview(Mutation mutation) {
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("mutation_id", mutation.id());
        preview.put("expires_at", mutation.expiresAt().toString());
        preview.put("database", mutation.database());
        preview.put("statements", statements(mutation.report()));
        preview.put("changes", changes(mutation.report()));
        preview.put("schema_changes", mutation.report().schema().stream().map(change -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("object", change.object());
            entry.put("change", change.change());
            entry.put("details", change.details());
            return entry;
        }).toList());
        return preview;
    }

    static List<Map<String, Object>> statements(ChangeReport report) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (ChangeReport.StatementResult statement : report.statements()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", statement.index());
            entry.put("kind", statement.kind());
            entry.put("sql", shorten(statement.sql(), SQL_SHOWN));
            entry.put("rows_affected", statement.rowsAffected());
            statements.add(entry);
        }
        return statements;
    }

    private static List<Map<String, Object>> changes(ChangeReport report) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ChangeReport.TableDiff table : report.tables()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("table", table.table());
            entry.put("inserted", table.inserted());
            entry.put("updated", table.updated());
            entry.put("deleted", table.deleted());
            entry.put("columns", table.columns());
            entry.put("samples", table.samples().stream().map(sample -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("change", sample.change());
                row.put("before", sample.before());
                row.put("after", sample.after());
                return row;
            }).toList());
            changes.add(entry);
        }
        return changes;
    }

    /** Statements, row changes with samples, and schema changes, as text. */
    static String describe(ChangeReport report) {
        StringBuilder text = new StringBuilder("Statements:\n").append(statementLines(report));
        if (!report.tables().isEmpty()) {
            text.append("\nRow changes:");
            for (ChangeReport.TableDiff table : report.tables()) {
                text.append("\n  ").append(table.table()).append(": ").append(table.inserted()).append(" inserted, ")
                        .append(table.updated()).append(" updated, ").append(table.deleted()).append(" deleted")
                        .append(" · columns: ").append(String.join(", ", table.columns()));
                for (ChangeReport.RowChange sample : table.samples()) {
                    text.append("\n    ").append(sample.change()).append(": ");
                    if (sample.before() != null) {
                        text.append(sample.before());
                    }
                    if (sample.before() != null && sample.after() != null) {
                        text.append(" → ");
                    }
                    if (sample.after() != null) {
                        text.append(sample.after());
                    }
                }
            }
        }
        if (!report.schema().isEmpty()) {
            text.append("\nSchema changes:");
            for (ChangeReport.SchemaChange change : report.schema()) {
                text.append("\n  ").append(change.object()).append(": ").append(change.change());
                if (!change.details().isEmpty()) {
                    text.append(" (").append(String.join("; ", change.details())).append(')');
                }
            }
        }
        return text.toString();
    }

    private static String statementLines(ChangeReport report) {
        StringBuilder text = new StringBuilder();
        for (ChangeReport.StatementResult statement : report.statements()) {
            text.append("  ").append(statement.index()).append(". ").append(statement.kind());
            if (statement.rowsAffected() != null) {
                text.append(": ").append(QueryResultView.count(statement.rowsAffected(), "row"));
            }
            text.append(" — ").append(shorten(statement.sql().replaceAll("\\s+", " "), 160)).append('\n');
        }
        return text.toString().stripTrailing();
    }

    static String summary(ChangeReport report) {
        List<String> parts = new ArrayList<>();
        for (ChangeReport.StatementResult statement : report.statements()) {
            parts.add(statement.kind() + (statement.rowsAffected() == null ? ""
                    : " " + QueryResultView.count(statement.rowsAffected(), "row")));
        }
        return String.join(", ", parts);
    }

    static Long totalRows(ChangeReport report) {
        return report.statements().stream().map(ChangeReport.StatementResult::rowsAffected)
                .filter(java.util.Objects::nonNull).reduce(Long::sum).orElse(null);
    }

    private static String shorten(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
