package dev.mallard.tools;

import dev.mallard.store.StoredAnnotation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The annotations on one table: its own, and its columns' by column name. */
public record TableAnnotations(Optional<StoredAnnotation> table, Map<String, StoredAnnotation> columns) {
    public TableAnnotations {
        columns = Map.copyOf(columns);
    }

    static TableAnnotations of(List<StoredAnnotation> annotations) {
        return new TableAnnotations(annotations.stream().filter(a -> a.column().isEmpty()).findFirst(),
                annotations.stream().filter(a -> a.column().isPresent())
                        .collect(Collectors.toMap(a -> a.column().get(), Function.identity())));
    }

    public Optional<StoredAnnotation> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }
}
