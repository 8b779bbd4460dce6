package dev.mallard.resources;

import java.util.List;

/**
 * Values proposed for an argument as the user types it.
 *
 * @param total how many matched in all; {@code values} holds at most {@link Completions#MAX_VALUES}
 */
public record Completion(List<String> values, int total, boolean hasMore) {
    public static final Completion NONE = new Completion(List.of(), 0, false);

    public Completion {
        values = List.copyOf(values);
    }
}
