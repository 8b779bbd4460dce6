package dev.mallard.web;

import dev.mallard.MallardVersion;
import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.CatalogSnapshot;
import dev.mallard.catalog.DatabaseInfo;
import dev.mallard.catalog.TableInfo;
import dev.mallard.config.WriteMode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /}: what this server serves and how to connect a client to it. */
public final class HomePage extends Handler.Abstract {
    private final CatalogService catalog;
    private final Supplier<URI> baseUri;
    private final String launcher;
    private final WriteMode writes;
    private final boolean showCatalog;

    /**
     * @param baseUri the URL clients reach this server at
     * @param launcher the command that starts Mallard, for stdio client configurations
     * @param showCatalog whether the page lists the databases and tables: only on a server without
     *     authentication, where every visitor may see them anyway
     */
    public HomePage(CatalogService catalog, Supplier<URI> baseUri, String launcher, WriteMode writes,
            boolean showCatalog) {
        this.catalog = catalog;
        this.baseUri = baseUri;
        this.launcher = launcher;
        this.writes = writes;
        this.showCatalog = showCatalog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // Not Request.getPathInContext: under PathMappingsHandler without a context it throws.
        String path = request.getHttpURI().getCanonicalPath();
        if (!path.equals("/") && !path.equals("/index.html")) {
            response.setStatus(404);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            Content.Sink.write(response, true, "{\"error\":\"Not Found\",\"status\":404}", callback);
            return true;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Content.Sink.write(response, true, "", callback);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, render(), callback);
        return true;
    }

    String render() {
        String endpoint = baseUri.get().resolve("/mcp").toString();
        StringBuilder html = new StringBuilder(4096);
        html.append("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Mallard</title>
                <style>
                body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem;color:#1d2327}
                h1{margin-bottom:0}h2{margin-top:2rem;border-bottom:1px solid #ddd}
                code,pre{font:13px ui-monospace,monospace;background:#f4f5f6;border-radius:4px}
                code{padding:1px 4px}pre{padding:.8rem;overflow-x:auto}
                table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eee}
                .muted{color:#667}
                </style></head><body>
                """);
        html.append("<h1>Mallard</h1><p class=\"muted\">MCP server for DuckDB · version ")
                .append(Html.escape(MallardVersion.get())).append("</p>");
        html.append("<p>MCP endpoint (Streamable HTTP): <code>").append(Html.escape(endpoint)).append("</code></p>");
        if (showCatalog) {
            appendDatabases(html);
        } else {
            html.append("<p>This server needs a credential: an API key (<code>Authorization: Bearer ...</code>) or an "
                    + "OAuth sign-in. Each user's client lists the databases granted to them.</p>");
        }
        appendClients(html, endpoint);
        html.append("</body></html>\n");
        return html.toString();
    }

    private void appendDatabases(StringBuilder html) {
        CatalogSnapshot snapshot = catalog.snapshot();
        html.append("<h2>What is served</h2><table><tr><th>Database</th><th>Access</th><th>Tables</th></tr>");
        for (DatabaseInfo database : snapshot.databases()) {
            List<TableInfo> tables = snapshot.tables(database.name());
            html.append("<tr><td><code>").append(Html.escape(database.name())).append("</code>")
                    .append(database.isDefault() ? " (default)" : "").append("</td><td>")
                    .append(access(database.writable())).append("</td><td>");
            for (int i = 0; i < tables.size(); i++) {
                TableInfo table = tables.get(i);
                OptionalLong rows = catalog.rowCount(table);
                html.append(i == 0 ? "" : ", ").append(Html.escape(table.localName()));
                if (rows.isPresent()) {
                    html.append(" <span class=\"muted\">(").append(String.format(Locale.ROOT, "%,d", rows.getAsLong()))
                            .append(")</span>");
                }
            }
            html.append("</td></tr>");
        }
        html.append("</table>");
    }

    private void appendClients(StringBuilder html, String endpoint) {
        String url = Html.escape(endpoint);
        html.append("<h2>Connect a client</h2>");
        html.append("<h3>Claude Desktop</h3><p>Settings → Developer → Edit Config, then add (stdio; replace the "
                + "database path with yours):</p><pre>")
                .append(Html.escape("{\n  \"mcpServers\": {\n    \"mallard\": {\n      \"command\": \"" + launcher
                        + "\",\n      \"args\": [\"stdio\", \"--db\", \"/path/to/data.duckdb\"]\n    }\n  }\n}"))
                .append("</pre>");
        html.append("<h3>Claude (custom connector)</h3><p>Claude on the web connects from Anthropic's servers, so "
                + "Mallard must be reachable on a public HTTPS URL (run it behind a TLS proxy with "
                + "<code>--public-url</code>). Then Settings → Connectors → Add custom connector, URL: "
                + "<code>https://your-host/mcp</code>.</p>");
        html.append("<h3>Cursor</h3><p>Add to <code>~/.cursor/mcp.json</code>:</p><pre>")
                .append(Html.escape("{\n  \"mcpServers\": {\n    \"mallard\": { \"url\": \"")).append(url)
                .append(Html.escape("\" }\n  }\n}")).append("</pre>");
        html.append("<h3>VS Code</h3><p>Add to <code>.vscode/mcp.json</code>:</p><pre>")
                .append(Html.escape("{\n  \"servers\": {\n    \"mallard\": { \"type\": \"http\", \"url\": \"")).append(url)
                .append(Html.escape("\" }\n  }\n}")).append("</pre>");
        html.append("<h3>MCP Inspector</h3><pre>npx @modelcontextprotocol/inspector</pre><p>Transport "
                + "<em>Streamable HTTP</em>, URL <code>").append(url).append("</code>.</p>");
    }

    private String access(boolean writable) {
        if (!writable) {
            return "read-only";
        }
        return writes == WriteMode.CONFIRM ? "changes after approval" : "read-write";
    }
}
