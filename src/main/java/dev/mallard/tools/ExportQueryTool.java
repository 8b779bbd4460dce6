package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.CatalogService;
import dev.mallard.engine.ExportFormat;
import dev.mallard.engine.ExportedRows;
import dev.mallard.engine.QueryControl;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.error.MallardException;
import dev.mallard.exports.Export;
import dev.mallard.exports.ExportArea;
import dev.mallard.exports.SizeWatch;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code export_query}: the whole result of one read-only query as a file (CSV, Parquet or
 * newline-delimited JSON), for results too large for the agent's context. DuckDB writes the file
 * itself; the agent gets where to fetch it, the row count, the size and the columns.
 */
public final class ExportQueryTool implements Tool {
    /** Where a client fetches an export: a download URL over HTTP; none over stdio, where the path is given. */
    public interface DownloadLinks {
        Optional<URI> of(Export export);
    }

    private static final List<String> FORMATS = Arrays.stream(ExportFormat.values()).map(ExportFormat::label).toList();

    private final QueryEngine engine;
    private final CatalogService catalog;
    private final CatalogAnnotations annotations;
    private final ExportArea area;
    private final DownloadLinks links;
    private final StaleNotice staleNotice;
    private final ToolDefinition definition;

    public ExportQueryTool(QueryEngine engine, CatalogService catalog, CatalogAnnotations annotations, ExportArea area,
            DownloadLinks links, StaleNotice staleNotice) {
        this.engine = engine;
        this.staleNotice = staleNotice;
        this.catalog = catalog;
        this.annotations = annotations;
        this.area = area;
        this.links = links;
        this.definition = new ToolDefinition("export_query", "Export a query's full result to a file",
                "Run one read-only DuckDB SQL query and write its whole result to a file instead of returning rows: "
                        + "for results too large to read here (millions of rows are fine). Formats: csv (with a "
                        + "header), parquet, or json (newline-delimited JSON: one object per row). Returns a download "
                        + "URL (fetch it with this server's credential) or, on a local stdio server, the file's "
                        + "path, with the row count, size, columns and when the file expires. The query is checked "
                        + "exactly as the query tool checks it; use the query tool first to try it on a LIMIT.",
                JsonSchemas.object()
                        .required("sql", JsonSchemas.string("One DuckDB SQL query."))
                        .required("format", JsonSchemas.enumOf(FORMATS, "File format: csv, parquet, or json "
                                + "(newline-delimited)."))
                        .optional("database", JsonSchemas.databaseArgument(engine.defaultDatabase().name()))
                        .buildInput(),
                outputSchema(), ToolHints.READ_ONLY, Scope.READ);
    }

    private static Map<String, Object> outputSchema() {
        return JsonSchemas.object()
                .optional("url", JsonSchemas.string("Where to download the file (GET with the same credential)."))
                .optional("path", JsonSchemas.string("The file's absolute path, on a local (stdio) server."))
                .required("format", JsonSchemas.enumOf(FORMATS, "The file format."))
                .required("rows", JsonSchemas.integer("Rows in the file.", 0))
                .required("bytes", JsonSchemas.integer("Size of the file in bytes.", 0))
                .required("expires_at", JsonSchemas.string("When the file is deleted (ISO-8601, UTC)."))
                .required("columns", JsonSchemas.arrayOf(JsonSchemas.object()
                        .required("name", JsonSchemas.string("Column name"))
                        .required("type", JsonSchemas.string("DuckDB type"))
                        .build(null), "The file's columns, in order."))
                .optional("message", JsonSchemas.string("A notice about the data, such as a stale source read."))
                .build(null);
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments, ToolContext context) {
        CatalogService catalog = context.caller().catalog(this.catalog);
        String sql = arguments.requiredString("sql");
        String formatLabel = arguments.requiredString("format");
        ExportFormat format = ExportFormat.ofLabel(formatLabel).orElseThrow(() -> MallardException.invalidArgument(
                "Unknown format '" + formatLabel + "'. Use one of: " + String.join(", ", FORMATS) + "."));
        ServedDatabase database = catalog.resolveDatabase(arguments.optionalString("database"));
        long room = area.requireRoom();
        Path staging = area.newStagingFile(format);
        QueryControl control = QueryProgress.control(context);
        ExportedRows written;
        try (SizeWatch watch = area.watch(control::cancel)) {
            try {
                written = engine.export(sql, database, format, staging, control, annotations.access(context.caller()));
            } catch (MallardException e) {
                throw watch.tripped() ? area.tooLarge(room) : e;
            }
        }
        Export export = area.publish(staging, context.caller().user(), format, written);
        Optional<URI> url = links.of(export);

        Map<String, Object> structured = new LinkedHashMap<>();
        url.ifPresentOrElse(u -> structured.put("url", u.toString()),
                () -> structured.put("path", export.file().toAbsolutePath().toString()));
        structured.put("format", format.label());
        structured.put("rows", export.rows());
        structured.put("bytes", export.bytes());
        structured.put("expires_at", export.expires().toString());
        structured.put("columns", export.columns());
        return staleNotice.addTo(new ToolResult(structured, text(export, url),
                new AuditFacts(database.name(), sql, null, export.rows())), context.caller(), sql, database);
    }

    private static String text(Export export, Optional<URI> url) {
        String where = url.map(u -> "Download: " + u + " (GET with this server's credential)")
                .orElseGet(() -> "File: " + export.file().toAbsolutePath());
        return QueryResultView.count(export.rows(), "row") + " exported as " + export.format().label() + " ("
                + QueryResultView.format(export.bytes()) + " bytes), available until " + export.expires() + ".\n"
                + where + "\nColumns: " + export.columns().stream().map(c -> c.name() + " " + c.type())
                        .collect(Collectors.joining(", "));
    }
}
