package dev.mallard.tools;

import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.sources.ServedSources;
import dev.mallard.sources.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells an agent that a query read a stale source, and which call refreshes it. Which catalogs a
 * statement reads is found on its plan, and only when some source the caller may read is stale:
 * while every source is fresh (or none is registered) a query costs nothing more.
 */
public final class StaleNotice {
    /** For servers without sources, and tests: never a notice. */
    public static final StaleNotice NONE = new StaleNotice(null, null);

    private final ServedSources sources;
    private final QueryEngine engine;

    public StaleNotice(ServedSources sources, QueryEngine engine) {
        this.sources = sources;
        this.engine = engine;
    }

    /** The notice for a statement run in {@code database}, if it reads a stale source the caller may read. */
    Optional<String> of(Caller caller, String sql, ServedDatabase database) {
        if (sources == null) {
            return Optional.empty();
        }
        List<SourceStatus> stale = sources.staleNow().stream()
                .filter(source -> caller.principal().grants().canRead(source.name())).toList();
        if (stale.isEmpty()) {
            return Optional.empty();
        }
        Set<String> read = engine.catalogsRead(sql, database);
        Instant now = sources.registry().clock().instant();
        String notice = stale.stream().filter(source -> read.contains(source.name().toLowerCase(Locale.ROOT)))
                .map(source -> describe(source, now)).collect(Collectors.joining(" "));
        return notice.isEmpty() ? Optional.empty() : Optional.of(notice);
    }

    /** The result with the notice added to its message and text. */
    ToolResult addTo(ToolResult result, Caller caller, String sql, ServedDatabase database) {
        return of(caller, sql, database).map(notice -> {
            Map<String, Object> structured = new LinkedHashMap<>(result.structured());
            Object message = structured.get("message");
            structured.put("message", message == null || message.toString().isEmpty()
                    ? notice : message + " " + notice);
            return new ToolResult(structured, result.text() + "\n" + notice, result.facts());
        }).orElse(result);
    }

    static String describe(SourceStatus source, Instant now) {
        String synced = source.age(now).map(age -> "was last synced " + ago(age) + " ago").orElse("was never synced");
        return "Source " + source.name() + " " + synced + " (stale after " + ago(source.staleAfter().orElseThrow())
                + "): call sync_source(source=\"" + source.name() + "\") to refresh.";
    }

    /** A duration as a person says it: 3 h, 20 min, 45 s. */
    static String ago(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 2 * 86_400) {
            return seconds / 86_400 + " d";
        }
        if (seconds >= 2 * 3_600) {
            return seconds / 3_600 + " h";
        }
        if (seconds >= 2 * 60) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
