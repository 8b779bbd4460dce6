package dev.mallard.tools;

import dev.mallard.auth.Scope;
import dev.mallard.catalog.TableInfo;
import dev.mallard.engine.DatabaseAccess;
import dev.mallard.engine.PiiMask;
import dev.mallard.store.AnnotationStore;
import dev.mallard.store.StoredAnnotation;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Annotations on the served tables and columns, as the catalog tools, the table resources and the
 * server instructions read them. They are read from the state store on each call rather than kept
 * with the catalog snapshot, so a new annotation shows at once (on every replica sharing the store)
 * and a plain query never pays for them.
 */
public final class CatalogAnnotations {
    private final AnnotationStore store;
    private final Runnable changed;
    private final String salt = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    /** The PII columns, read once and kept until an annotation changes here (null: not read yet). */
    private volatile PiiMask pii;

    /**
     * @param changed told after every change, so that text built from annotations (the server
     *     instructions) can be built again
     */
    public CatalogAnnotations(AnnotationStore store, Runnable changed) {
        this.store = store;
        this.changed = changed;
    }

    /** The annotations on a table and its columns. */
    public TableAnnotations of(TableInfo table) {
        return TableAnnotations.of(store.table(table.database(), table.schema(), table.name()));
    }

    /** The annotation on the table itself (no column) or on one of its columns. */
    Optional<StoredAnnotation> find(TableInfo table, Optional<String> column) {
        return store.find(table.database(), table.schema(), table.name(), column);
    }

    /** Every annotation; the caller keeps to the tables it may see. */
    public List<StoredAnnotation> all() {
        return store.all();
    }

    /**
     * A lookup of each annotated table's annotations in one line (the table's, then its columns'),
     * for summaries such as the server instructions; read from the store once.
     */
    public Function<TableInfo, Optional<String>> summaries() {
        Map<List<String>, List<StoredAnnotation>> byTable = store.all().stream().collect(Collectors.groupingBy(
                annotation -> List.of(annotation.database(), annotation.schema(), annotation.table())));
        return table -> Optional.ofNullable(byTable.get(List.of(table.database(), table.schema(), table.name())))
                .map(AnnotationView::summary);
    }

    /**
     * What the engine lets the caller read, with the PII columns masked unless the caller holds the
     * {@code pii} scope. The PII columns are kept between calls, so a query pays for masking only when
     * some column is flagged; an annotation made on another replica sharing the store is seen here
     * after this server's next own annotation or restart.
     */
    public DatabaseAccess access(Caller caller) {
        DatabaseAccess access = caller.access();
        if (caller.principal().has(Scope.PII)) {
            return access;
        }
        PiiMask mask = pii;
        if (mask == null) {
            mask = readPii();
            pii = mask;
        }
        return mask.isEmpty() ? access : access.masking(mask);
    }

    /**
     * The notes learned from the data ({@code CatalogService.columnNotes}) that the caller may see.
     * They are computed once from the raw values and shared by every caller, and a note can quote
     * them (a column with a handful of values lists them), so a caller without the {@code pii} scope
     * gets none on a column flagged PII, nor on any column of a table flagged PII.
     */
    public Map<String, String> visibleNotes(Map<String, String> notes, TableAnnotations annotated, Caller caller) {
        if (caller.principal().has(Scope.PII)) {
            return notes;
        }
        if (annotated.table().map(StoredAnnotation::pii).orElse(false)) {
            return Map.of();
        }
        Set<String> pii = annotated.columns().values().stream().filter(StoredAnnotation::pii)
                .map(annotation -> annotation.column().orElseThrow().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (pii.isEmpty()) {
            return notes;
        }
        Map<String, String> visible = new LinkedHashMap<>(notes);
        visible.keySet().removeIf(column -> pii.contains(column.toLowerCase(Locale.ROOT)));
        return visible;
    }

    private PiiMask readPii() {
        List<StoredAnnotation> flagged = store.all().stream().filter(StoredAnnotation::pii).toList();
        Map<List<String>, Set<String>> columns = flagged.stream().filter(annotation -> annotation.column().isPresent())
                .collect(Collectors.groupingBy(CatalogAnnotations::key,
                        Collectors.mapping(annotation -> annotation.column().orElseThrow().toLowerCase(Locale.ROOT),
                                Collectors.toUnmodifiableSet())));
        Set<List<String>> tables = flagged.stream().filter(annotation -> annotation.column().isEmpty())
                .map(CatalogAnnotations::key).collect(Collectors.toUnmodifiableSet());
        return new PiiMask(columns, tables, salt);
    }

    private static List<String> key(StoredAnnotation annotation) {
        return PiiMask.key(annotation.database(), annotation.schema(), annotation.table());
    }

    /** Stores the annotation, or removes it when nothing is left in it. */
    void save(StoredAnnotation annotation) {
        if (annotation.isEmpty()) {
            store.delete(annotation.database(), annotation.schema(), annotation.table(), annotation.column());
        } else {
            store.put(annotation);
        }
        pii = null;
        changed.run();
    }
}
