package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.e2e.ReadOnlyCorpus.Attempt;
import dev.mallard.e2e.ReadOnlyCorpus.Category;
import dev.mallard.e2e.ReadOnlyCorpus.Exhaustion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/read-only-corpus.md in step with {@link ReadOnlyCorpus}: its table must list every
 * category with the number of attempts the tests run, and the total. On a mismatch the failure
 * shows the table as it should read.
 */
class ReadOnlyCorpusDocTest {
    private static final Path DOC = Path.of("docs", "read-only-corpus.md");
    /** The issue asks for at least 150 distinct attempts; the corpus keeps a margin above that. */
    private static final int MINIMUM_DISTINCT = 170;

    @Test
    void everyAttemptIsDistinctAndTheCorpusIsLargeEnough() {
        Set<String> seen = new HashSet<>();
        for (Attempt attempt : ReadOnlyCorpus.attempts()) {
            assertThat(seen.add(attempt.sql())).as("listed twice: %s", attempt).isTrue();
        }
        for (Exhaustion attempt : ReadOnlyCorpus.exhaustion()) {
            assertThat(seen.add(attempt.sql())).as("listed twice: %s", attempt).isTrue();
        }
        assertThat(seen).hasSizeGreaterThanOrEqualTo(MINIMUM_DISTINCT);
        ReadOnlyCorpus.counts().forEach((category, count) ->
                assertThat(count).as("attempts in %s", category).isGreaterThanOrEqualTo(2));
    }

    @Test
    void theDocumentListsEveryCategoryWithItsCount() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            List<String> cells = cells(line);
            if (cells.size() >= 2 && cells.get(1).matches("\\*{0,2}\\d+\\*{0,2}")) {
                documented.put(cells.get(0).replace("*", ""), cells.get(1).replace("*", ""));
            }
        }
        assertThat(documented).as("the table of %s should read:%n%s", DOC, expectedTable())
                .isEqualTo(expectedCounts());
    }

    private static Map<String, String> expectedCounts() {
        Map<String, String> counts = new LinkedHashMap<>();
        int total = 0;
        for (Map.Entry<Category, Integer> entry : ReadOnlyCorpus.counts().entrySet()) {
            counts.put(entry.getKey().title, Integer.toString(entry.getValue()));
            total += entry.getValue();
        }
        counts.put("Total", Integer.toString(total));
        return counts;
    }

    private static String expectedTable() {
        StringBuilder table = new StringBuilder("| Category | Attempts | Examples | Stopped by |\n|---|---:|---|---|\n");
        int total = 0;
        for (Map.Entry<Category, Integer> entry : ReadOnlyCorpus.counts().entrySet()) {
            Category category = entry.getKey();
            table.append("| ").append(category.title).append(" | ").append(entry.getValue()).append(" | ")
                    .append(category.examples).append(" | ").append(category.guards).append(" |\n");
            total += entry.getValue();
        }
        return table.append("| **Total** | **").append(total).append("** | | |\n").toString();
    }

    private static List<String> cells(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("|") || !trimmed.endsWith("|")) {
            return List.of();
        }
        return List.of(trimmed.substring(1, trimmed.length() - 1).split("\\|", -1)).stream().map(String::strip)
                .toList();
    }
}
