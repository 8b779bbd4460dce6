package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.sources.ServedSources;
import dev.mallard.sources.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** {@code list_sources}: the registered sources the caller may read, with their tables and freshness. */
public final class ListSourcesTool implements Tool {
    private static final ToolDefinition DEFINITION = new ToolDefinition("list_sources", "List sources",
            "List the data sources (HTTP APIs synced into tables, DuckDB files attached read-only; query them as "
                    + "source.table): kind, tables with "
                    + "row counts, last successful sync, age in seconds, freshness threshold in seconds, whether "
                    + "the data is stale, and the last sync error. Refresh a stale source with sync_source.",
            JsonSchemas.object().buildInput(),
            JsonSchemas.rowsTable("name, kind, tables, last_sync, age_seconds, stale_after_seconds, is_stale, "
                    + "last_error", "One array per source; tables maps each table to its row count.").build(null),
            ToolHints.READ_ONLY, Scope.READ);

    private final ServedSources sources;

    public ListSourcesTool(ServedSources sources) {
        this.sources = sources;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        Instant now = sources.registry().clock().instant();
        TableView view = new TableView("name", "kind", "tables", "last_sync", "age_seconds", "stale_after_seconds",
                "is_stale", "last_error");
        StringBuilder text = new StringBuilder();
        for (SourceStatus source : sources.list()) {
            if (!context.caller().principal().grants().canRead(source.name())) {
                continue;
            }
            Long age = source.age(now).map(Duration::toSeconds).orElse(null);
            view.add(source.name(), source.kind(), Map.copyOf(source.tableRows()),
                    source.lastSync().map(Instant::toString).orElse(null), age,
                    source.staleAfter().map(Duration::toSeconds).orElse(null), source.isStale(now),
                    source.lastError().orElse(null));
            text.append(describe(source, now)).append('\n');
        }
        if (text.isEmpty()) {
            text.append("No sources are registered (or granted to you).");
        }
        return new ToolResult(view.toMap(), text.toString().strip());
    }

    static String describe(SourceStatus source, Instant now) {
        StringBuilder text = new StringBuilder(source.name()).append(" (").append(source.kind()).append("): ");
        text.append(source.tableRows().isEmpty() ? "no tables yet" : source.tableRows().entrySet().stream()
                .map(e -> source.name() + "." + e.getKey() + " " + e.getValue() + " rows").sorted()
                .reduce((a, b) -> a + ", " + b).orElse(""));
        text.append(source.lastSync().map(at -> "; synced " + source.age(now).orElseThrow().toSeconds() + " s ago")
                .orElse(source.kind().equals("api") ? "; never synced" : "; read as it is now, nothing to sync"));
        if (source.isStale(now)) {
            text.append("; STALE (threshold ").append(source.staleAfter().orElseThrow().toSeconds())
                    .append(" s): call sync_source(source='").append(source.name()).append("')");
        }
        if (source.kind().equals("files")) {
            text.append("; files: ").append(source.url());
        }
        source.lastError().ifPresent(error -> text.append("; last sync failed: ").append(error));
        return text.toString();
    }
}
