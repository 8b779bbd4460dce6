package dev.mallard.mutations;

import dev.mallard.engine.ChangeReport;
import java.util.List;

/** What confirming one or more mutations did. */
public sealed interface Decision {
    /**
     * Every statement of every mutation ran, in one transaction, and was committed.
     *
     * @param sql the SQL of the mutations, in order
     */
    record Applied(List<String> mutationIds, String database, String sql, ChangeReport report) implements Decision {}

    /**
     * Nothing was applied: the data changed since the preview (or the mutations affect each other).
     * Fresh previews, with new ids, replace the old ones.
     */
    record DataChanged(String reason, List<Mutation> freshPreviews) implements Decision {}
}
