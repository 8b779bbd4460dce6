package dev.mallard.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How a workload entry's answer is checked, so that a server answering fast but wrong fails:
 * the number of result rows ({@code rows}), values at JSON pointers into the structured result
 * ({@code equals}, which may use the call's parameters), and a value or the whole row set compared
 * with a SQL query run on the engine baseline ({@code same_as}).
 *
 * @param rows exact size of the result's {@code rows} array, or null
 * @param equals JSON pointer into the structured content → expected value (a string may be a template)
 * @param sameAs the check SQL run on the engine, or null
 */
record AnswerCheck(Integer rows, Map<String, Object> equals, SameAs sameAs) {
    static final AnswerCheck NONE = new AnswerCheck(null, Map.of(), null);

    /**
     * The value at {@code pointer} (default {@code /rows}) must equal what {@code sql} returns on the
     * engine: all its rows when the value is an array, else its first value.
     */
    record SameAs(String pointer, Template sql) {}

    AnswerCheck {
        equals = Collections.unmodifiableMap(new LinkedHashMap<>(equals));
    }

    boolean isEmpty() {
        return rows == null && equals.isEmpty() && sameAs == null;
    }

    /** This check with the call's parameters filled in. */
    Expected expect(Map<String, Object> parameters, RandomGenerator random) {
        Map<String, Object> values = new LinkedHashMap<>();
        equals.forEach((pointer, expected) -> values.put(pointer,
                expected instanceof Template template ? template.fill(parameters, random) : expected));
        return new Expected(rows, values, sameAs == null ? null : sameAs.pointer(),
                sameAs == null ? null : sameAs.sql().fillText(parameters, random));
    }

    /** The check of one call, parameters filled in. */
    record Expected(Integer rows, Map<String, Object> equals, String sameAsPointer, String sameAsSql) {

        /** What is wrong with the structured result, or null if the inline checks pass. */
        String mismatch(Object structured) {
            if (rows != null) {
                Object actualRows = AnswerValues.at(structured, "/rows");
                int actual = actualRows instanceof List<?> list ? list.size() : -1;
                if (actual != rows) {
                    return "expected " + rows + " rows, got " + (actual < 0 ? "no rows array" : actual);
                }
            }
            for (Map.Entry<String, Object> entry : equals.entrySet()) {
                Object actual = AnswerValues.at(structured, entry.getKey());
                if (!AnswerValues.same(actual, entry.getValue())) {
                    return entry.getKey() + ": expected " + AnswerValues.brief(entry.getValue()) + ", got "
                            + AnswerValues.brief(actual);
                }
            }
            return null;
        }
    }
}
