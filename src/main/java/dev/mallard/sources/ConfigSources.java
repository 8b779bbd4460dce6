package dev.mallard.sources;

import dev.mallard.config.SourceDeclaration;
import dev.mallard.engine.FileFormat;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.json.MallardJson;
import dev.mallard.store.SourceStore;
import dev.mallard.store.StoredSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Makes the registered sources match the config file's {@code sources:} key. The sources the file
 * declares are marked as created by {@value #CREATED_BY}: those are added, replaced and removed to
 * follow the file, while sources added with the CLI are never touched. Every declaration is checked
 * before anything changes, and each step is safe to repeat, so replicas starting together with the
 * same file end in the same state.
 */
final class ConfigSources {
    static final String CREATED_BY = "config";

    private final SourceRegistry registry;
    private final SourceStore store;
    private final Predicate<String> databaseNames;

    ConfigSources(SourceRegistry registry, SourceStore store, Predicate<String> databaseNames) {
        this.registry = registry;
        this.store = store;
        this.databaseNames = databaseNames;
    }

    /** A declared source as the store would hold it, with its secret. */
    private record Wanted(StoredSource stored, Optional<String> secret) {}

    private enum Outcome { ADDED, REPLACED, UNCHANGED }

    SourceReconciliation apply(List<SourceDeclaration> declared, SourceDirectories directories) {
        Map<String, Wanted> wanted = new LinkedHashMap<>();
        for (SourceDeclaration declaration : declared) {
            wanted.put(declaration.name(), wanted(declaration, directories));
        }
        Map<String, StoredSource> registered = new LinkedHashMap<>();
        store.list().forEach(source -> registered.put(source.name(), source));
        wanted.keySet().forEach(name -> Optional.ofNullable(registered.get(name)).ifPresent(ConfigSources::requireOwned));
        Map<Outcome, List<String>> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new ArrayList<>());
        }
        wanted.forEach((name, source) -> outcomes.get(apply(source, Optional.ofNullable(registered.get(name))))
                .add(name));
        List<String> removed = new ArrayList<>();
        for (StoredSource source : registered.values()) {
            if (source.createdBy().equals(CREATED_BY) && !wanted.containsKey(source.name())) {
                store.remove(source.name());
                removed.add(source.name());
            }
        }
        return new SourceReconciliation(outcomes.get(Outcome.ADDED), outcomes.get(Outcome.REPLACED), removed,
                outcomes.get(Outcome.UNCHANGED));
    }

    /** Adds, replaces or leaves one declared source, given what was registered under its name. */
    private Outcome apply(Wanted source, Optional<StoredSource> registered) {
        String name = source.stored().name();
        if (registered.isEmpty() && store.add(source.stored(), source.secret())) {
            retire(name);
            return Outcome.ADDED;
        }
        // Registered before, or by another replica applying the same file a moment ago.
        StoredSource current = registered.or(() -> store.find(name)).orElseThrow(() -> new MallardException(
                ErrorCode.INTERNAL, "Source '" + name + "' could be neither added nor read."));
        requireOwned(current);
        boolean sameDefinition = current.kind().equals(source.stored().kind()) && MallardJson.mapper()
                .readTree(current.spec()).equals(MallardJson.mapper().readTree(source.stored().spec()));
        boolean sameSettings = current.every().equals(source.stored().every())
                && current.staleAfter().equals(source.stored().staleAfter())
                && store.secret(name).equals(source.secret());
        if (sameDefinition && sameSettings) {
            return Outcome.UNCHANGED;
        }
        if (!store.update(source.stored(), source.secret(), !sameDefinition)) {
            // Removed meanwhile (by a replica with another file): add it again.
            return apply(source, Optional.empty());
        }
        if (!sameDefinition) {
            retire(name);
        }
        return Outcome.REPLACED;
    }

    private Wanted wanted(SourceDeclaration declaration, SourceDirectories directories) {
        String name = at("sources." + declaration.name(), () -> {
            SourceNames.require("source", declaration.name());
            return declaration.name();
        });
        if (databaseNames.test(name)) {
            throw MallardException.configuration("sources." + name + ": '" + name + "' is the name of a served "
                    + "database; give the source another name in the config file.");
        }
        return switch (declaration) {
            case SourceDeclaration.Api api -> api(api);
            case SourceDeclaration.DuckDb duckDb -> new Wanted(registry.stored(name,
                    at(duckDb.key("duckdb"), () -> directories.requireFile(duckDb.file())), CREATED_BY), Optional.empty());
            case SourceDeclaration.Files files -> new Wanted(at(files.key("files"), () -> registry.stored(name,
                    files.files(), files.format().map(FileFormat::named), directories, CREATED_BY)), Optional.empty());
        };
    }

    private Wanted api(SourceDeclaration.Api api) {
        Pagination pagination = at(api.key("paginate"), () -> PaginationSyntax.parse(api.key("paginate"),
                api.paginate()));
        FieldPath records = at(api.key("records"), () -> FieldPath.parse(api.records()));
        List<ApiEndpoint> endpoints = new ArrayList<>();
        api.endpoints().forEach((table, target) -> endpoints.add(at(api.key("endpoints." + table),
                () -> EndpointSyntax.parse(table, target).withRecordPath(records.text()).withPagination(pagination))));
        ApiSource source = at(api.key("url"), () -> ApiSource.of(api.name(), api.url(), endpoints));
        if (api.authHeader().isPresent()) {
            ApiSource unauthenticated = source;
            source = at(api.key("auth-header"), () -> unauthenticated.withAuth(api.authHeader().orElseThrow(),
                    api.secret().orElseThrow()));
        }
        return new Wanted(registry.stored(source, positive(api, "every", api.every()),
                positive(api, "stale-after", api.staleAfter()), CREATED_BY), api.secret());
    }

    private static Optional<Duration> positive(SourceDeclaration.Api api, String key, Optional<Duration> duration) {
        if (duration.isPresent() && (duration.get().isZero() || duration.get().isNegative())) {
            throw MallardException.configuration(api.key(key) + ": must be a positive duration such as 1h or 30m.");
        }
        return duration;
    }

    private static void requireOwned(StoredSource source) {
        if (!source.createdBy().equals(CREATED_BY)) {
            throw MallardException.configuration("sources." + source.name() + ": a source named '" + source.name()
                    + "' was added with the CLI (by " + source.createdBy() + "), and the config file never replaces "
                    + "those. Rename the source in the config file, or remove the CLI's (mallard sources remove "
                    + source.name() + ") to let the config file manage it.");
        }
    }

    /** A source's data from before its definition changed (or from a source of the same name removed earlier). */
    private void retire(String name) {
        try {
            registry.versions().retire(name);
        } catch (IOException e) {
            throw MallardException.configuration("Could not retire the synced data of source '" + name + "': "
                    + e.getMessage());
        }
    }

    /** Runs a check of the syntax a key holds, its error naming the key. */
    private static <T> T at(String key, Supplier<T> check) {
        try {
            return check.get();
        } catch (MallardException e) {
            String message = e.getMessage();
            throw MallardException.configuration(message.startsWith(key) ? message : key + ": " + message);
        }
    }
}
