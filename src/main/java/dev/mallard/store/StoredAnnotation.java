package dev.mallard.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What someone said about a table, or about one of its columns, under the names the catalog gives them.
 *
 * @param column the column, or empty for the table itself
 * @param description what it is
 * @param note how to read it: units, an encoding, "unix seconds"
 * @param pii whether it holds personal data
 * @param updatedBy the user who last changed it
 */
public record StoredAnnotation(String database, String schema, String table, Optional<String> column,
        Optional<String> description, Optional<String> note, boolean pii, String updatedBy, Instant updatedAt) {
    /** Whether nothing is left to say (such an annotation is removed rather than kept). */
    public boolean isEmpty() {
        return description.isEmpty() && note.isEmpty() && !pii;
    }
}
