package dev.mallard.cli;

import dev.mallard.app.Mallard;
import dev.mallard.json.MallardJson;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import dev.mallard.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mallard audit}: the newest entries of the audit log in a data directory, as a table or as
 * JSON lines. Only reads, beside a server that may be writing (SQLite's WAL mode lets both), and never
 * creates a store where there is none.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Show the newest tool calls in the audit log of a data directory, newest first. Safe to run "
                + "while a server is running. Times are UTC. Secrets in SQL were redacted before they were recorded."},
        footer = {"", "Examples:",
                "  ./mallard audit                           the last 50 calls",
                "  ./mallard audit --since 2h --tool query   queries of the last two hours",
                "  ./mallard audit --since 1d --json | jq -r .sql   the SQL of the last day, in full"})
final class AuditCommand implements Callable<Integer> {
    static final int DEFAULT_LIMIT = 50;
    private static final int SQL_WIDTH = 60;
    private static final int ERROR_WIDTH = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDirOptions files = new DataDirOptions();

    @Option(names = "--since", paramLabel = "WHEN", converter = SinceConverter.class,
            description = "Only calls from then on: a duration back from now (30s, 15m, 2h, 7d, 2w) or a UTC date "
                    + "or time (2026-11-21, 2026-11-21T10:00:00Z). Default: any time.")
    Instant since;

    @Option(names = "--tool", paramLabel = "NAME", description = "Only calls of this tool (query, query_rw, "
            + "list_tables, ...).")
    String tool;

    @Option(names = "--principal", paramLabel = "NAME", description = "Only calls by this principal ('local' on a "
            + "server without authentication).")
    String principal;

    @Option(names = "--limit", paramLabel = "N", description = "The most entries to show (default: "
            + "${DEFAULT-VALUE}).")
    int limit = DEFAULT_LIMIT;

    @Option(names = "--json", description = "One JSON object per line with every field (times in ISO-8601, "
            + "UTC), for scripts. Messages go to standard error.")
    boolean json;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--limit must be 1 or more, not " + limit + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        // With --json, standard output carries only entries.
        PrintWriter messages = json ? spec.commandLine().getErr() : out;
        Path dataDir = files.dataDir();
        Path file = Mallard.stateStoreFile(dataDir);
        if (!Files.isRegularFile(file)) {
            return noAuditLog(messages, dataDir);
        }
        List<AuditEntry> entries;
        try (StateStore store = JdbcStateStore.sqliteReader(file)) {
            entries = store.audit().recent(new AuditQuery(since, blankToNull(tool), blankToNull(principal), limit));
        } catch (StoreException e) {
            if (String.valueOf(rootMessage(e)).contains("no such table")) {
                return noAuditLog(messages, dataDir);
            }
            throw e;
        }
        if (entries.isEmpty()) {
            messages.println(nothingFound());
        } else if (json) {
            printJson(out, entries);
        } else {
            printTable(out, entries);
            if (entries.size() == limit) {
                out.println("(the newest " + limit + " shown; --limit N shows more, --since narrows)");
            }
        }
        out.flush();
        messages.flush();
        return 0;
    }

    private static int noAuditLog(PrintWriter messages, Path dataDir) {
        messages.println("No audit log in " + dataDir + " yet: Mallard records one there once it serves.");
        messages.flush();
        return 0;
    }

    private String nothingFound() {
        StringBuilder text = new StringBuilder("No audit entries");
        if (tool != null) {
            text.append(" of tool ").append(tool);
        }
        if (principal != null) {
            text.append(" by ").append(principal);
        }
        if (since != null) {
            text.append(" since ").append(time(since)).append("; try a longer --since");
            if (tool != null || principal != null) {
                text.append(" or other filters");
            }
        } else if (tool != null || principal != null) {
            text.append("; try other filters");
        } else {
            text.append(" yet");
        }
        return text.append('.').toString();
    }

    private static void printJson(PrintWriter out, List<AuditEntry> entries) {
        JsonMapper mapper = MallardJson.mapper();
        for (AuditEntry entry : entries) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", entry.time().toString());
            line.put("principal", entry.principal());
            line.put("client_id", entry.clientId());
            line.put("client_name", entry.clientName());
            line.put("client_version", entry.clientVersion());
            line.put("session_id", entry.sessionId());
            line.put("tool", entry.tool());
            line.put("database", entry.database());
            line.put("sql", entry.sql());
            line.put("mutation_id", entry.mutationId());
            line.put("outcome", entry.outcome());
            line.put("rows_returned", entry.rowsReturned());
            line.put("bytes_returned", entry.bytesReturned());
            line.put("duration_ms", entry.durationMillis());
            line.put("error", entry.error());
            out.println(mapper.writeValueAsString(line));
        }
    }

    /** Columns sized to their contents (within limits), the SQL last; a failed call gets its error below it. */
    private static void printTable(PrintWriter out, List<AuditEntry> entries) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME (UTC)", "PRINCIPAL", "CLIENT", "TOOL", "DATABASE", "OUTCOME", "ROWS", "MS",
                "SQL / MUTATION"});
        for (AuditEntry entry : entries) {
            rows.add(new String[] {time(entry.time()), cell(entry.principal(), 20), cell(client(entry), 28),
                    cell(entry.tool(), 20), cell(entry.database(), 20), cell(entry.outcome(), 20),
                    entry.rowsReturned() == null ? "-" : Long.toString(entry.rowsReturned()),
                    Long.toString(entry.durationMillis()), cell(statement(entry), SQL_WIDTH)});
        }
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        int outcomeColumn = 0;
        for (int c = 0; c < 5; c++) {
            outcomeColumn += widths[c] + 2;
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                boolean number = c == 6 || c == 7;
                String value = row[c];
                String padding = " ".repeat(widths[c] - value.length());
                line.append(number ? padding + value : c == columns - 1 ? value : value + padding);
                if (c < columns - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
            if (r > 0) {
                AuditEntry entry = entries.get(r - 1);
                if (!"ok".equals(entry.outcome()) && entry.error() != null && !entry.error().isBlank()) {
                    out.println(" ".repeat(outcomeColumn) + "-> " + cell(firstLine(entry.error()), ERROR_WIDTH));
                }
            }
        }
    }

    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String client(AuditEntry entry) {
        if (entry.clientName() == null) {
            return null;
        }
        return entry.clientVersion() == null ? entry.clientName() : entry.clientName() + " " + entry.clientVersion();
    }

    private static String statement(AuditEntry entry) {
        if (entry.sql() != null && !entry.sql().isBlank()) {
            return entry.sql();
        }
        return entry.mutationId() == null ? null : "mutation " + entry.mutationId();
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline);
    }

    /**
     * One line of at most {@code width} characters: white space collapsed, control and formatting
     * characters (which could move the cursor or reorder text in a terminal) shown as spaces, and
     * "..." where it was cut; "-" for nothing.
     */
    static String cell(String value, int width) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        StringBuilder clean = new StringBuilder(Math.min(value.length(), width + 16));
        boolean space = false;
        for (int i = 0; i < value.length() && clean.length() <= width; ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT || Character.isSpaceChar(c);
            if (blank) {
                space = clean.length() > 0;
                continue;
            }
            if (space) {
                clean.append(' ');
                space = false;
            }
            clean.appendCodePoint(c);
        }
        return clean.length() <= width ? clean.toString() : clean.substring(0, width - 3).stripTrailing() + "...";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** {@code --since}: a duration back from now, or an ISO-8601 date or time (UTC unless it has an offset). */
    static final class SinceConverter implements CommandLine.ITypeConverter<Instant> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d|w)");

        @Override
        public Instant convert(String value) {
            return parse(value, Instant.now()).orElseThrow(() -> new CommandLine.TypeConversionException("'"
                    + value + "' is not a time. Write a duration back from now (30s, 15m, 2h, 7d, 2w) or a UTC date "
                    + "or time in ISO-8601 (2026-11-21, 2026-11-21T10:00:00Z, 2026-11-21T12:00:00+02:00)."));
        }

        static boolean isDuration(String value) {
            return DURATION.matcher(value.strip().toLowerCase(Locale.ROOT)).matches();
        }

        static Optional<Instant> parse(String value, Instant now) {
            String text = value.strip();
            Matcher duration = DURATION.matcher(text.toLowerCase(Locale.ROOT));
            if (duration.matches()) {
                long amount = Long.parseLong(duration.group(1));
                Duration back = switch (duration.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofDays(7 * amount);
                };
                return Optional.of(now.minus(back));
            }
            List<Function<String, Instant>> formats = List.of(
                    Instant::parse,
                    t -> OffsetDateTime.parse(t).toInstant(),
                    t -> LocalDateTime.parse(t).toInstant(ZoneOffset.UTC),
                    t -> LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            for (Function<String, Instant> format : formats) {
                try {
                    return Optional.of(format.apply(text));
                } catch (DateTimeException e) {
                    // try the next format
                }
            }
            return Optional.empty();
        }
    }
}
