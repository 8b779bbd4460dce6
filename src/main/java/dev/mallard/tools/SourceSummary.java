package dev.mallard.tools;

import dev.mallard.sources.SourceStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The sources as the initialize instructions show them: one line each with its tables, row counts
 * and freshness, stale ones first. Times are absolute, since the instructions are built once and
 * read later (they are built again when a source changes or turns stale).
 */
public final class SourceSummary {
    private SourceSummary() {}

    public static List<String> lines(List<SourceStatus> sources, Predicate<String> canRead, Instant now) {
        return sources.stream().filter(source -> canRead.test(source.name()))
                .sorted(Comparator.comparing((SourceStatus source) -> !source.isStale(now))
                        .thenComparing(SourceStatus::name))
                .map(source -> line(source, now)).toList();
    }

    static String line(SourceStatus source, Instant now) {
        StringBuilder line = new StringBuilder(source.name()).append(" (").append(source.kind()).append("): ");
        if (source.kind().equals("files")) {
            // Read live: its row counts change with the files, so list_sources counts them when asked.
            line.append("tables ").append(source.url()).append("; read live from the files");
        } else {
            line.append(source.tableRows().isEmpty() ? "no tables yet" : source.tableRows().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .map(table -> source.name() + "." + table.getKey() + " " + table.getValue() + " rows")
                    .collect(Collectors.joining(", ")));
            line.append(source.lastSync().map(at -> "; last synced " + at).orElse("; never synced"));
        }
        source.staleAfter().ifPresent(after -> line.append(", stale after ").append(StaleNotice.ago(after)));
        if (source.isStale(now)) {
            line.append("; STALE: call sync_source(source=\"").append(source.name()).append("\") to refresh");
        }
        source.lastError().ifPresent(error -> line.append("; last sync failed"));
        return line.toString();
    }
}
