package dev.mallard.cli;

import dev.mallard.app.Mallard;
import dev.mallard.engine.FileFormat;
import dev.mallard.error.MallardException;
import dev.mallard.sources.ApiEndpoint;
import dev.mallard.sources.ApiSource;
import dev.mallard.sources.ApiSync;
import dev.mallard.sources.EndpointSyntax;
import dev.mallard.sources.PaginationSyntax;
import dev.mallard.sources.SourceDirectories;
import dev.mallard.sources.SourceRegistry;
import dev.mallard.sources.SourceStatus;
import dev.mallard.sources.SyncLimits;
import dev.mallard.sources.SyncResult;
import dev.mallard.store.StateStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mallard sources}: data registered by name and served as tables, such as an HTTP JSON API synced on a schedule. */
@Command(name = "sources", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Manage sources: HTTP JSON APIs synced into tables, DuckDB files attached read-only, and "
                + "CSV, Parquet and JSON files read live, that agents query as SOURCE.TABLE. "
                + "A running server picks up added and removed sources within 30 seconds."},
        subcommands = {SourcesCommand.Add.class, SourcesCommand.ListSources.class, SourcesCommand.Remove.class,
                SourcesCommand.Sync.class, SourcesCommand.Apply.class},
        footer = {"", "Examples:",
                "  printf '%s' \"Bearer $TOKEN\" | ./mallard sources add shop --url https://api.example.com \\",
                "      --endpoint orders=/v1/orders?status=open --records data.items --paginate page:page:per_page:100 \\",
                "      --auth-header Authorization --secret-stdin --every 1h",
                "  ./mallard sources sync shop",
                "  ./mallard sources add finance --duckdb /srv/data/finance.duckdb --source-dir /srv/data",
                "  ./mallard sources add crm --file 'orders=/srv/data/crm/orders_*.csv' \\",
                "      --file 'events=/srv/data/events/**/*.parquet' --source-dir /srv/data",
                "  SHOP_TOKEN='Bearer ...' ./mallard sources apply --config mallard.yaml   the config file's sources:",
                "  ./mallard users grant alice shop              a source is granted like a database"})
final class SourcesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs an action against the data directory's sources. */
    abstract static class SourceAction extends StateStoreCommand {
        @Override
        final void run(StateStore store, PrintWriter out, PrintWriter err) {
            try (ApiSync sync = new ApiSync(Mallard.sourcesDirectory(files.dataDir()), SyncLimits.DEFAULTS,
                    Clock.systemUTC())) {
                run(new SourceRegistry(store.sources(), sync, Clock.systemUTC(), name -> false), out);
            }
        }

        abstract void run(SourceRegistry sources, PrintWriter out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register files (--file), a DuckDB file "
            + "(--duckdb) or an HTTP JSON API: each --endpoint "
            + "fills one table. The secret for --auth-header is asked for on the terminal or read with --secret-stdin, "
            + "never taken from the command line.")
    static final class Add extends SourceAction {
        @Parameters(paramLabel = "NAME", description = "The source's name, how queries name it (lower-case SQL name).")
        String name;

        @Option(names = "--url", paramLabel = "URL", description = "The API's base URL (https://, or "
                + "http:// on loopback).")
        String url;

        @Option(names = "--duckdb", paramLabel = "PATH", description = "Instead of an API: a DuckDB file, served "
                + "attached read-only (its tables are NAME.table). It must be inside a --source-dir.")
        Path duckdb;

        @Option(names = "--file", paramLabel = "TABLE=PATH_OR_GLOB", description = "Instead of an API: a table "
                + "reading a file, or every file a glob matches (orders_*.csv, events/**/*.parquet), as it is at each "
                + "query. Repeat for more tables. The files must be inside a --source-dir.")
        List<String> files;

        @Option(names = "--format", paramLabel = "FORMAT", description = "The format of the --file tables: csv, tsv, "
                + "parquet, json or ndjson (default: from the extension, also .gz or .zst).")
        String format;

        @Option(names = "--source-dir", paramLabel = "DIR", split = ",", description = "A directory whose files may be "
                + "registered as sources; the server needs the same --source-dir to serve them. Repeatable.")
        List<Path> sourceDirs = new ArrayList<>();

        @Option(names = "--endpoint", paramLabel = "TABLE=PATH[?QUERY]", description = "A table and "
                + "the path below the base URL its records come from; repeat for more tables.")
        List<String> endpoints;

        @Option(names = "--records", paramLabel = "PATH", description = "Where the records sit in a response: "
                + "data.items or /data/items (default: the response itself).")
        String records = "";

        @Option(names = "--paginate", paramLabel = "HOW", description = "How pages continue: " + PaginationSyntax.FORMS
                + " (default: none).")
        String paginate = "none";

        @Option(names = "--auth-header", paramLabel = "NAME", description = "The header that carries the secret, e.g. "
                + "Authorization (store the whole value: 'Bearer <token>').")
        String authHeader;

        @Option(names = "--secret-stdin", description = "Read the secret from the first line of standard input.")
        boolean secretStdin;

        @Option(names = "--every", paramLabel = "INTERVAL", converter = DurationConverter.class, description = "Sync on "
                + "this schedule while a server runs, e.g. 1h (default: only on demand).")
        Duration every;

        @Option(names = "--stale-after", paramLabel = "AGE", converter = DurationConverter.class, description = "The "
                + "age after which the data counts as stale (default: twice --every).")
        Duration staleAfter;

        @Override
        void run(SourceRegistry sources, PrintWriter out) {
            if (duckdb != null) {
                addDuckDb(sources, out);
                return;
            }
            if (files != null) {
                addFiles(sources, out);
                return;
            }
            if (url == null || endpoints == null || endpoints.isEmpty()) {
                throw MallardException.invalidArgument("Say what the source is: --url URL with --endpoint TABLE=PATH "
                        + "for an HTTP API, --file TABLE=PATH_OR_GLOB for files, or --duckdb PATH for a DuckDB file.");
            }
            List<ApiEndpoint> parsed = new ArrayList<>();
            for (String endpoint : endpoints) {
                parsed.add(endpoint(endpoint).withRecordPath(records).withPagination(PaginationSyntax.parse("--paginate", paginate)));
            }
            ApiSource source = ApiSource.of(name, url, parsed);
            if (authHeader != null) {
                source = source.withAuth(authHeader, secret(secretStdin, authHeader));
            } else if (secretStdin) {
                throw MallardException.invalidArgument("--secret-stdin needs --auth-header: name the header the "
                        + "secret is sent in.");
            }
            SourceStatus added = sources.addApi(source, Optional.ofNullable(every), Optional.ofNullable(staleAfter),
                    System.getProperty("user.name", "cli"));
            out.println("Added source " + added.name() + " with table(s) " + String.join(", ",
                    parsed.stream().map(ApiEndpoint::table).toList()) + ". Sync it now with: sources sync " + name
                    + "; grant it with: users grant USER " + name);
        }

        private void addDuckDb(SourceRegistry sources, PrintWriter out) {
            if (url != null || endpoints != null || authHeader != null || every != null || staleAfter != null) {
                throw MallardException.invalidArgument("--duckdb registers a DuckDB file, read as it is now: it takes "
                        + "none of --url, --endpoint, --auth-header, --every or --stale-after.");
            }
            SourceStatus added = sources.addDuckDb(name, duckdb, SourceDirectories.of(sourceDirs),
                    System.getProperty("user.name", "cli"));
            out.println("Added source " + added.name() + ": the DuckDB file " + added.url() + ", served read-only by "
                    + "a server started with its --source-dir. Grant it with: users grant USER " + name);
        }

        private void addFiles(SourceRegistry sources, PrintWriter out) {
            if (url != null || endpoints != null || authHeader != null || every != null || staleAfter != null) {
                throw MallardException.invalidArgument("--file registers files, read as they are at each query: it "
                        + "takes none of --url, --endpoint, --auth-header, --every or --stale-after.");
            }
            Map<String, String> tables = new LinkedHashMap<>();
            for (String file : files) {
                int equals = file.indexOf('=');
                if (equals <= 0 || equals == file.length() - 1) {
                    throw MallardException.invalidArgument("--file " + file + " must be TABLE=PATH_OR_GLOB, e.g. "
                            + "orders=/srv/data/crm/orders_*.csv.");
                }
                if (tables.put(file.substring(0, equals), file.substring(equals + 1)) != null) {
                    throw MallardException.invalidArgument("Table " + file.substring(0, equals) + " is named by two "
                            + "--file options; give each table its own name.");
                }
            }
            SourceStatus added = sources.addFiles(name, tables, Optional.ofNullable(format).map(FileFormat::named),
                    SourceDirectories.of(sourceDirs), System.getProperty("user.name", "cli"));
            out.println("Added source " + added.name() + " with table(s) " + added.url() + ", read live by a server "
                    + "started with its --source-dir. Grant it with: users grant USER " + name);
        }

        private static ApiEndpoint endpoint(String text) {
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw MallardException.invalidArgument("--endpoint " + text + " must be TABLE=PATH, e.g. "
                        + "orders=/v1/orders?status=open.");
            }
            return EndpointSyntax.parse(text.substring(0, equals), text.substring(equals + 1));
        }

        private static String secret(boolean fromStdin, String header) {
            if (fromStdin) {
                try {
                    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
                    if (line == null || line.isEmpty()) {
                        throw MallardException.invalidArgument("No secret on standard input: pipe it in, e.g. "
                                + "printf '%s' \"Bearer $TOKEN\" | mallard sources add ... --secret-stdin");
                    }
                    return line;
                } catch (IOException e) {
                    throw MallardException.invalidArgument("Could not read the secret from standard input: "
                            + e.getMessage());
                }
            }
            Console console = System.console();
            if (console == null) {
                throw MallardException.invalidArgument("No terminal to ask for the " + header + " secret on. Pipe it "
                        + "in with --secret-stdin.");
            }
            char[] secret = console.readPassword("Value of the %s header: ", header);
            if (secret == null || secret.length == 0) {
                throw MallardException.invalidArgument("No secret entered; nothing was added.");
            }
            return new String(secret);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sources, their tables and freshness "
            + "(never their secrets).")
    static final class ListSources extends SourceAction {
        @Override
        void run(SourceRegistry sources, PrintWriter out) {
            List<SourceStatus> all = sources.list();
            if (all.isEmpty()) {
                out.println("No sources yet. Add one with: sources add NAME --url URL --endpoint TABLE=PATH");
                return;
            }
            TextTable table = new TextTable("SOURCE", "KIND", "URL OR FILE", "SECRET", "EVERY", "STALE AFTER", "TABLES",
                    "LAST SYNC", "LAST ERROR");
            for (SourceStatus source : all) {
                table.row(source.name(), source.kind(), source.url(), source.hasSecret() ? "set" : "none",
                        source.every().map(SourcesCommand::duration).orElse("-"),
                        source.staleAfter().map(SourcesCommand::duration).orElse("-"),
                        source.tableRows().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                                .sorted().collect(Collectors.joining(", ")),
                        source.lastSync().map(Object::toString).orElse(source.kind().equals("api") ? "never" : "live"),
                        source.lastError().orElse(""));
            }
            table.print(out);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a source and its secret; a "
            + "running server stops serving it.")
    static final class Remove extends SourceAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(SourceRegistry sources, PrintWriter out) {
            sources.remove(name);
            out.println("Removed source " + name + ".");
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, description = "Sync a source now: fetch every endpoint "
            + "and publish the tables (a failure keeps the previous data and is recorded).")
    static final class Sync extends SourceAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(SourceRegistry sources, PrintWriter out) {
            switch (sources.sync(name, (table, pages, rows) -> {})) {
                case SyncResult.Published published -> out.println("Synced source " + name + ": " + published.tables()
                        .stream().map(t -> t.table() + " " + t.rows() + " rows").collect(Collectors.joining(", "))
                        + " from " + published.pages() + " pages in " + published.duration().toMillis() + " ms.");
                case SyncResult.Failed failed -> throw MallardException.invalidArgument("The sync of source " + name
                        + " failed; the previous data stays. " + failed.error());
            }
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Make the sources match the config "
            + "file's sources: key, as serve and stdio do when they start: add the declared sources, replace changed "
            + "ones, remove those the file no longer declares. Sources added with the CLI are never touched.")
    static final class Apply extends SourceAction {
        @Option(names = "--source-dir", paramLabel = "DIR", split = ",", description = "A directory whose files may be "
                + "registered as sources, as the server's --source-dir (the config file's source-dir key). Repeatable.")
        List<Path> sourceDirs = new ArrayList<>();

        @Override
        void run(SourceRegistry sources, PrintWriter out) {
            var declared = ConfigDefaults.of(spec).declaredSources().orElseThrow(() -> MallardException.configuration(
                    "The config file has no sources: key, so it manages no sources. Declare them under sources: in "
                            + "the file named by --config (or MALLARD_CONFIG, or ~/.mallard/config.yaml)."));
            out.println("Sources from the config file: " + sources.reconcile(declared, SourceDirectories.of(sourceDirs))
                    .summary() + ".");
        }
    }

    static String duration(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
