package dev.mallard.tools;

import dev.mallard.store.StoredAnnotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An annotation as tools show it, always labelled as Mallard's own so an agent does not take it for
 * DuckDB's {@code COMMENT ON} text.
 */
final class AnnotationView {
    private AnnotationView() {}

    /** {@code {"description": …, "note": …, "pii": true}}, leaving out what is not set. */
    static Map<String, Object> structured(StoredAnnotation annotation) {
        Map<String, Object> map = new LinkedHashMap<>();
        annotation.description().ifPresent(description -> map.put("description", description));
        annotation.note().ifPresent(note -> map.put("note", note));
        map.put("pii", annotation.pii());
        return map;
    }

    /** {@code Customer's address; note: lowercase; PII} */
    static String text(StoredAnnotation annotation) {
        List<String> parts = new ArrayList<>();
        annotation.description().ifPresent(parts::add);
        annotation.note().ifPresent(note -> parts.add("note: " + note));
        if (annotation.pii()) {
            parts.add("PII");
        }
        return String.join("; ", parts);
    }

    /** {@code  [annotation: …]}, to follow a table or column on its line. */
    static String bracketed(StoredAnnotation annotation) {
        return " [annotation: " + text(annotation) + "]";
    }

    /**
     * A table's annotations in one line: {@code [annotation: …] [columns: email (Customer address; PII),
     * created (note: unix seconds)]}.
     */
    static String summary(List<StoredAnnotation> annotations) {
        StringBuilder text = new StringBuilder();
        annotations.stream().filter(annotation -> annotation.column().isEmpty()).findFirst()
                .ifPresent(annotation -> text.append(bracketed(annotation)));
        List<String> columns = annotations.stream().filter(annotation -> annotation.column().isPresent())
                .map(annotation -> annotation.column().get() + " (" + text(annotation) + ")").toList();
        if (!columns.isEmpty()) {
            text.append(" [columns: ").append(String.join(", ", columns)).append(']');
        }
        return text.toString().strip();
    }

    /** The JSON Schema of {@link #structured}. */
    static Map<String, Object> schema(String description) {
        return JsonSchemas.object()
                .optional("description", JsonSchemas.string("What it is."))
                .optional("note", JsonSchemas.string("How to read it: units, encodings, e.g. unix seconds."))
                .required("pii", JsonSchemas.bool("Whether it holds personal data."))
                .build(description);
    }
}
