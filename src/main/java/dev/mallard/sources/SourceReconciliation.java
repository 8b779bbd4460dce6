package dev.mallard.sources;

import java.util.List;

/** What applying the config file's sources did, by source name. */
public record SourceReconciliation(List<String> added, List<String> replaced, List<String> removed,
        List<String> unchanged) {
    public SourceReconciliation {
        added = List.copyOf(added);
        replaced = List.copyOf(replaced);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
    }

    /** One line naming each change, e.g. {@code added shop; replaced -; removed old; unchanged finance}. */
    public String summary() {
        return "added " + names(added) + "; replaced " + names(replaced) + "; removed " + names(removed)
                + "; unchanged " + names(unchanged);
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "-" : String.join(", ", names);
    }
}
