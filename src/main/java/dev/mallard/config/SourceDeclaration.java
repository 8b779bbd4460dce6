package dev.mallard.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A source declared under {@code sources:} in the config file, as written there: the sources
 * package checks the parts it owns the syntax of (URL, endpoint paths, pagination) when it applies
 * the declarations, naming the key of any mistake ({@link #key}).
 */
public sealed interface SourceDeclaration permits SourceDeclaration.Api, SourceDeclaration.DuckDb,
        SourceDeclaration.Files {
    String name();

    /** How an error names one of this source's keys: {@code sources.shop.every}. */
    default String key(String key) {
        return "sources." + name() + "." + key;
    }

    /**
     * An HTTP JSON API, as {@code sources add --url} registers it.
     *
     * @param endpoints each table and its {@code PATH[?QUERY]} below the base URL
     * @param secret the auth header's value, read from the environment variable {@code secret-env} names
     */
    record Api(String name, String url, Map<String, String> endpoints, String records, String paginate,
            Optional<String> authHeader, Optional<String> secret, Optional<Duration> every,
            Optional<Duration> staleAfter) implements SourceDeclaration {
        public Api {
            endpoints = Map.copyOf(endpoints);
        }

        @Override
        public String toString() {
            return "Api[name=" + name + ", url=" + url + ", endpoints=" + endpoints + ", authHeader=" + authHeader
                    + ", secret=" + secret.map(value -> "(hidden)").orElse("none") + "]";
        }
    }

    /** A DuckDB file served attached read-only, as {@code sources add --duckdb} registers it. */
    record DuckDb(String name, Path file) implements SourceDeclaration {}

    /**
     * Files read live, as {@code sources add --file} registers them.
     *
     * @param files each table and the path or glob of its files
     * @param format the files' format when their extension does not say it
     */
    record Files(String name, Map<String, String> files, Optional<String> format) implements SourceDeclaration {
        public Files {
            files = Map.copyOf(files);
        }
    }
}
