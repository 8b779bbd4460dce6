package dev.mallard.catalog;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

/** "Did you mean" suggestions for a name that was not found, ranked by Jaro-Winkler similarity. */
public final class NameSuggestions {
    private static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();
    private static final double THRESHOLD = 0.75;
    private static final int LIMIT = 3;
    private static final int LISTABLE = 12;

    private NameSuggestions() {}

    /** The items whose name is closest to the wanted one, best first. */
    public static <T> List<T> closest(String wanted, Collection<T> items, Function<T, String> name) {
        String target = wanted.toLowerCase(Locale.ROOT);
        record Scored<T>(T item, String name, double score) {}
        return items.stream()
                .map(item -> new Scored<>(item, name.apply(item), score(target, name.apply(item).toLowerCase(Locale.ROOT))))
                .filter(scored -> scored.score() >= THRESHOLD)
                .sorted(Comparator.<Scored<T>>comparingDouble(Scored::score).reversed().thenComparing(Scored::name))
                .limit(LIMIT)
                .map(Scored::item)
                .toList();
    }

    /**
     * A sentence to append to a not-found message: the closest names, or the full list when it is
     * short, or where to look.
     */
    public static String hint(String wanted, Collection<String> candidates, String whereToLook) {
        List<String> closest = closest(wanted, candidates.stream().distinct().toList(), Function.identity());
        if (!closest.isEmpty()) {
            return didYouMean(closest);
        }
        if (candidates.isEmpty()) {
            return whereToLook.isEmpty() ? "" : " " + whereToLook;
        }
        if (candidates.size() <= LISTABLE) {
            return " Available: " + String.join(", ", candidates.stream().sorted().toList()) + ".";
        }
        return whereToLook.isEmpty() ? "" : " " + whereToLook;
    }

    /** {@code " Did you mean 'a', 'b' or 'c'?"} */
    public static String didYouMean(List<String> names) {
        List<String> quoted = names.stream().map(name -> "'" + name + "'").toList();
        String choices = quoted.size() == 1
                ? quoted.getFirst()
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.getLast();
        return " Did you mean " + choices + "?";
    }

    static double score(String target, String candidate) {
        if (candidate.equals(target)) {
            return 1.0;
        }
        double score = SIMILARITY.apply(target, candidate);
        if (candidate.contains(target) || target.contains(candidate)) {
            score = Math.max(score, 0.85);
        }
        return score;
    }
}
