package dev.mallard.mcp;

import dev.mallard.catalog.CatalogService;
import dev.mallard.catalog.CatalogSnapshot;
import dev.mallard.catalog.DatabaseInfo;
import dev.mallard.catalog.TableInfo;
import dev.mallard.config.QueryLimits;
import dev.mallard.config.WriteMode;
import dev.mallard.engine.Identifiers;
import dev.mallard.tools.CatalogAnnotations;
import dev.mallard.tools.CatalogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The {@code instructions} a client receives on initialize: a short DuckDB SQL guide, then what this
 * server serves: the databases, the sources with their freshness (stale ones first), then each table
 * with its comment and the annotations people added. The summary is kept within a size budget, most
 * important first, so a large catalog cannot flood the agent's context.
 */
public final class ServerInstructions {
    private static final int SUMMARY_BUDGET = 4_000;
    private static final int COMMENT_LENGTH = 120;
    private static final int ANNOTATION_LENGTH = 240;

    private ServerInstructions() {}

    /** @param sources one line per source the reader may read, most important first */
    public static String build(CatalogService catalog, CatalogAnnotations annotations, QueryLimits limits,
            WriteMode writes, List<String> sources) {
        return guide(limits) + "\n\n" + writes(writes) + "\n\n" + summary(catalog, annotations.summaries(), sources);
    }

    static String writes(WriteMode mode) {
        return switch (mode) {
            case OFF -> "Changes: none. This server is read-only; there is no query_rw.";
            case DIRECT -> "Changes: query_rw applies INSERT, UPDATE, DELETE, DDL and so on at once, all statements of "
                    + "a call in one transaction. Make sure the user wants a change before you make it.";
            case CONFIRM -> "Changes: query_rw only previews a change (rows and schema before and after) and returns a "
                    + "mutation_id; nothing changes until it is approved. If your client can ask the user, they are "
                    + "asked directly. Otherwise show the preview to the user, and call confirm_mutation only after "
                    + "they agree (cancel_mutation if they do not).";
        };
    }

    static String guide(QueryLimits limits) {
        try (InputStream in = ServerInstructions.class.getResourceAsStream("sql-guide.md")) {
            if (in == null) {
                throw new IllegalStateException("sql-guide.md is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
                    .replace("{default_rows}", Integer.toString(limits.defaultRows()))
                    .replace("{max_rows}", Integer.toString(limits.maxRows()))
                    .replace("{max_chars}", String.format(Locale.ROOT, "%,d", limits.maxChars()))
                    .replace("{timeout}", Long.toString(limits.timeout().toSeconds()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The databases, then each table with its comment and annotations, as long as they fit the budget. */
    static String summary(CatalogService catalog, Function<TableInfo, Optional<String>> annotations,
            List<String> sources) {
        CatalogSnapshot snapshot = catalog.snapshot();
        StringBuilder text = new StringBuilder("Served databases:");
        for (DatabaseInfo database : snapshot.databases()) {
            text.append("\n- ").append(CatalogText.database(database, snapshot.tables(database.name()).size()));
            if (database.comment() != null) {
                text.append(": ").append(shorten(database.comment(), COMMENT_LENGTH));
            }
        }
        if (!sources.isEmpty()) {
            text.append("\nSources (HTTP APIs synced into tables; sync_source refreshes one):");
        }
        int omittedSources = 0;
        for (String source : sources) {
            String line = "\n- " + shorten(source, ANNOTATION_LENGTH * 2);
            if (text.length() + line.length() > SUMMARY_BUDGET) {
                omittedSources++;
            } else {
                text.append(line);
            }
        }
        if (omittedSources > 0) {
            text.append("\n(").append(omittedSources).append(" more sources: use list_sources.)");
        }
        int omitted = 0;
        for (TableInfo table : snapshot.tables()) {
            // A row count costs a query and only lengthens the line: count only what can still fit.
            Optional<String> annotation = annotations.apply(table);
            if (text.length() + tableLine(table, OptionalLong.empty(), annotation).length() > SUMMARY_BUDGET) {
                omitted++;
                continue;
            }
            String line = tableLine(table, catalog.rowCount(table), annotation);
            if (text.length() + line.length() > SUMMARY_BUDGET) {
                omitted++;
                continue;
            }
            text.append(line);
        }
        if (omitted > 0) {
            text.append("\n(").append(omitted).append(" more tables: use list_tables or search_catalog.)");
        }
        return text.toString();
    }

    private static String tableLine(TableInfo table, OptionalLong rows, Optional<String> annotation) {
        String name = Identifiers.quoteIfNeeded(table.database()) + "." + table.localName();
        StringBuilder line = new StringBuilder("\n  ").append(CatalogText.table(name, table, rows));
        if (table.comment() != null) {
            line.append(": ").append(shorten(table.comment(), COMMENT_LENGTH));
        }
        annotation.ifPresent(text -> line.append(' ').append(shorten(text, ANNOTATION_LENGTH)));
        return line.toString();
    }

    private static String shorten(String comment, int length) {
        String flat = comment.replaceAll("\\s+", " ").strip();
        return flat.length() <= length ? flat : flat.substring(0, length - 1) + "…";
    }
}
