package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.sources.ServedSources;
import dev.mallard.sources.SourceStatus;
import dev.mallard.sources.SyncResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code sync_source}: syncs a source now and serves the new data, reporting progress page by page. */
public final class SyncSourceTool implements Tool {
    private static final ToolDefinition DEFINITION = new ToolDefinition("sync_source", "Sync a source",
            "Fetch a source's data again now (every endpoint, all pages) and serve it once complete; a failure keeps "
                    + "the previous data. Reports the tables and rows synced and the new freshness. Sends progress "
                    + "while it runs.",
            JsonSchemas.object().required("source", JsonSchemas.string("The source's name, as list_sources shows it."))
                    .buildInput(),
            JsonSchemas.object()
                    .required("source", JsonSchemas.string("The source synced."))
                    .required("tables", Map.of("type", "object", "description", "Rows synced per table."))
                    .required("rows", JsonSchemas.integer("Rows synced in all.", 0))
                    .required("pages", JsonSchemas.integer("Pages read.", 0))
                    .required("is_stale", JsonSchemas.bool("Whether the data is stale now (false after a sync)."))
                    .build(null),
            new ToolHints(false, false, true), Scope.SYNC);

    private final ServedSources sources;

    public SyncSourceTool(ServedSources sources) {
        this.sources = sources;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        String name = arguments.requiredString("source").strip();
        if (!context.caller().principal().grants().canRead(name) || sources.registry().find(name).isEmpty()) {
            throw new MallardException(ErrorCode.NOT_FOUND, "No source named '" + name + "' is available to you. "
                    + "Call list_sources to see the sources you may sync.");
        }
        context.progress().report(0, 0, "Syncing source " + name);
        SyncResult result = sources.sync(name, (table, pages, rows) -> context.progress().report(pages, 0,
                "Read " + pages + " pages, " + rows + " rows (now: " + table + ")"));
        return switch (result) {
            case SyncResult.Published published -> published(name, published);
            case SyncResult.Failed failed -> throw new MallardException(ErrorCode.INVALID_ARGUMENT, "The sync of source '"
                    + name + "' failed; the previous data is still served. " + failed.error());
        };
    }

    private ToolResult published(String name, SyncResult.Published published) {
        SourceStatus status = sources.registry().require(name);
        boolean stale = status.isStale(sources.registry().clock().instant());
        Map<String, Object> tables = new LinkedHashMap<>();
        published.tables().forEach(table -> tables.put(table.table(), table.rows()));
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("source", name);
        structured.put("tables", tables);
        structured.put("rows", published.rows());
        structured.put("pages", published.pages());
        structured.put("is_stale", stale);
        String text = "Synced source " + name + ": " + published.tables().stream()
                .map(table -> name + "." + table.table() + " " + table.rows() + " rows")
                .collect(Collectors.joining(", ")) + " from " + published.pages() + " pages in "
                + published.duration().toMillis() + " ms. The data is fresh now"
                + status.staleAfter().map(after -> " (stale again after " + after.toSeconds() + " s)").orElse("")
                + ".";
        return new ToolResult(structured, text);
    }
}
