package dev.mallard.mutations;

import dev.mallard.engine.ChangeReport;
import dev.mallard.engine.ChangeRequest;
import java.util.List;
import java.util.Map;

/**
 * What an apply must find again, stored with the mutation: rows changed per statement and the
 * fingerprint of every table read or written.
 */
record MutationPlan(List<Long> rowsAffected, Map<String, String> fingerprints) {
    static MutationPlan of(ChangeReport report) {
        return new MutationPlan(report.rowsAffected(), report.fingerprints());
    }

    ChangeRequest.Expectation expectation() {
        return new ChangeRequest.Expectation(rowsAffected, fingerprints);
    }
}
