package dev.mallard.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of catalog objects a search can return, in the order ties are ranked. */
public enum ObjectType {
    TABLE,
    VIEW,
    COLUMN,
    SCHEMA,
    DATABASE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ObjectType> fromLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label().equals(label.strip().toLowerCase(Locale.ROOT))).findFirst();
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(ObjectType::label).toList();
    }
}
