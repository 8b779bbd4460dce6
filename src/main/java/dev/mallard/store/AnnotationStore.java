package dev.mallard.store;

import java.util.List;
import java.util.Optional;

/** Annotations on tables and columns, keyed by database, schema, table and column (empty for the table). */
public interface AnnotationStore {
    Optional<StoredAnnotation> find(String database, String schema, String table, Optional<String> column);

    /** Adds or replaces the annotation under its key. */
    void put(StoredAnnotation annotation);

    /** Removes the annotation under the key; false when there was none. */
    boolean delete(String database, String schema, String table, Optional<String> column);

    /** The annotations on one table: the table's own and its columns'. */
    List<StoredAnnotation> table(String database, String schema, String table);

    /** Every annotation, for searching and summarising the catalog. */
    List<StoredAnnotation> all();
}
