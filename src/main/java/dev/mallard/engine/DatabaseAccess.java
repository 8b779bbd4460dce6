package dev.mallard.engine;

import java.util.function.Predicate;

/**
 * Which served databases a statement may read and write, for a caller whose grants do not cover
 * them all. Checked on DuckDB's bound plan (see {@link PlanAccess}), so views, {@code query_table()}
 * and every other way of naming a table are seen as the engine resolves them.
 *
 * @param readsAll whether every database is readable (the plan check is skipped for reads)
 * @param writesAll whether every database is writable (the plan check is skipped for writes)
 * @param pii the columns the caller sees only masked (see {@link PiiMasking})
 */
public record DatabaseAccess(Predicate<String> readable, Predicate<String> writable, boolean readsAll,
        boolean writesAll, PiiMask pii) {
    public static final DatabaseAccess ALL = new DatabaseAccess(database -> true, database -> true, true, true);

    /** Access that masks nothing. */
    public DatabaseAccess(Predicate<String> readable, Predicate<String> writable, boolean readsAll,
            boolean writesAll) {
        this(readable, writable, readsAll, writesAll, PiiMask.NONE);
    }

    /** The same access, with these columns masked. */
    public DatabaseAccess masking(PiiMask mask) {
        return new DatabaseAccess(readable, writable, readsAll, writesAll, mask);
    }
}
