package dev.mallard.engine;

import java.util.List;
import java.util.Map;

/**
 * SQL that changes data, to preview or apply.
 *
 * @param expectation what a preview saw, which must still hold when applying; null to apply as is
 */
public record ChangeRequest(String sql, ServedDatabase database, Expectation expectation) {

    /**
     * What must hold for a previewed change to be applied: every statement changes as many rows as
     * in the preview, and every table it reads or writes is as it was.
     *
     * @param rowsAffected per statement, null where the statement reports no count
     * @param fingerprints per table, its row count and content hash before the change
     */
    public record Expectation(List<Long> rowsAffected, Map<String, String> fingerprints) {}
}
