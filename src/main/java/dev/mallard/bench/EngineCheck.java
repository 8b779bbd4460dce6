package dev.mallard.bench;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the answers kept during the Mallard phase against the engine, after the load ended so
 * that the checks take no CPU from the measurement: each {@code same_as} query runs once per
 * distinct SQL text.
 */
final class EngineCheck {
    private static final int EXAMPLES = 3;

    record Result(int checked, long wrong, List<String> examples) {}

    private EngineCheck() {}

    static Result run(List<SampledAnswer> sample, EngineBaseline engine) {
        Map<String, Object> expectedBySql = new HashMap<>();
        long wrong = 0;
        List<String> examples = new ArrayList<>();
        for (SampledAnswer answer : sample) {
            String sql = answer.call().expected().sameAsSql();
            Object expected = expectedBySql.computeIfAbsent(sql, text -> expected(engine, text, answer.actual()));
            if (!AnswerValues.same(answer.actual(), expected)) {
                wrong++;
                if (examples.size() < EXAMPLES) {
                    examples.add(answer.call().entry().name() + ": " + answer.call().expected().sameAsPointer()
                            + " is " + AnswerValues.brief(answer.actual()) + ", the engine says "
                            + AnswerValues.brief(expected) + " (" + sql + ")");
                }
            }
        }
        return new Result(sample.size(), wrong, examples);
    }

    /** All rows when the answer is an array, else the first value; the error text if the SQL fails. */
    private static Object expected(EngineBaseline engine, String sql, Object actual) {
        try {
            List<List<Object>> rows = engine.rows(sql);
            if (actual instanceof List<?>) {
                return rows;
            }
            return rows.isEmpty() || rows.getFirst().isEmpty() ? null : rows.getFirst().getFirst();
        } catch (SQLException e) {
            return "check SQL failed: " + e.getMessage();
        }
    }
}
