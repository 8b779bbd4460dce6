package dev.mallard.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the layering of the main code: transport/web → tools → services (catalog) → engine, with
 * nothing depending on the web layer or the CLI, and protocol and HTTP libraries kept to the
 * packages that adapt them.
 */
class DependencyRulesTest {
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "mallard");
    /** A package of this project; root classes such as dev.mallard.MallardVersion start upper-case. */
    private static final Pattern PROJECT_REFERENCE = Pattern.compile("\\bdev\\.mallard\\.([a-z]+)\\b");

    /** Which top-level packages each package may use (besides itself and dev.mallard's root classes). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("error", Set.of()),
            Map.entry("json", Set.of()),
            Map.entry("net", Set.of()),
            Map.entry("config", Set.of("error")),
            Map.entry("demo", Set.of()),
            Map.entry("store", Set.of()),
            Map.entry("auth", Set.of("store", "config", "error")),
            Map.entry("oauth", Set.of("auth", "store", "config", "error", "json", "net")),
            Map.entry("audit", Set.of("store")),
            Map.entry("engine", Set.of("error", "config", "json")),
            Map.entry("catalog", Set.of("engine", "error", "config")),
            Map.entry("mutations", Set.of("catalog", "engine", "store", "error", "config")),
            Map.entry("exports", Set.of("engine", "error", "config")),
            Map.entry("sources", Set.of("error", "json", "net", "store", "engine", "config")),
            Map.entry("tools", Set.of("auth", "mutations", "exports", "sources", "audit", "store", "catalog", "engine", "error", "config", "json")),
            Map.entry("resources", Set.of("auth", "tools", "catalog", "engine", "error")),
            Map.entry("mcp", Set.of("auth", "tools", "resources", "exports", "catalog", "engine", "error", "config", "json")),
            Map.entry("web", Set.of("auth", "oauth", "catalog", "config", "error", "json")),
            Map.entry("bench", Set.of("error")),
            Map.entry("app", Set.of("auth", "oauth", "mcp", "resources", "web", "tools", "mutations", "exports", "audit", "store", "catalog", "engine", "error",
                    "config", "json", "demo", "net", "sources")),
            Map.entry("cli", Set.of("bench", "auth", "oauth", "app", "mcp", "resources", "web", "tools", "mutations", "exports", "audit", "store", "catalog", "engine",
                    "error", "config", "json", "demo", "net", "sources")));

    private record Source(Path path, String topPackage, String text) {}

    private static List<Source> sources;

    @BeforeAll
    static void readSources() throws IOException {
        sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                String top = relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
                sources.add(new Source(file, top, Files.readString(file)));
            }
        }
        assertThat(sources).hasSizeGreaterThan(50);
    }

    @Test
    void everyPackageHasARule() {
        assertThat(sources.stream().map(Source::topPackage).filter(p -> !p.isEmpty()).distinct())
                .allSatisfy(p -> assertThat(ALLOWED).as("a dependency rule for package " + p).containsKey(p));
    }

    @Test
    void packagesOnlyUseThePackagesBelowThem() {
        List<String> violations = new ArrayList<>();
        for (Source source : sources) {
            if (source.topPackage().isEmpty()) {
                continue;
            }
            Matcher matcher = PROJECT_REFERENCE.matcher(source.text());
            while (matcher.find()) {
                String used = matcher.group(1);
                if (!used.equals(source.topPackage()) && !ALLOWED.get(source.topPackage()).contains(used)) {
                    violations.add(source.path() + " uses dev.mallard." + used);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void onlyTheMcpAdapterTheWiringAndTheBenchClientKnowTheMcpSdk() {
        assertOnlyIn("io.modelcontextprotocol", Set.of("mcp", "app", "bench"));
    }

    @Test
    void onlyTheHttpLayersKnowJetty() {
        assertOnlyIn("org.eclipse.jetty", Set.of("web", "mcp"));
    }

    @Test
    void onlyTheCliKnowsPicocli() {
        assertOnlyIn("picocli", Set.of("cli"));
    }

    @Test
    void onlyTheEngineTalksToDuckDbDirectly() {
        assertOnlyIn("org.duckdb", Set.of("engine"));
    }

    private static void assertOnlyIn(String library, Set<String> packages) {
        List<String> violations = sources.stream()
                .filter(s -> s.text().contains("import " + library) && !packages.contains(s.topPackage()))
                .map(s -> s.path().toString())
                .toList();
        assertThat(violations).as(library + " used outside " + packages).isEmpty();
    }
}
