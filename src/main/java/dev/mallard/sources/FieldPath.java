package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.util.Optional;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Where a value sits inside a JSON response: a dotted path such as {@code data.items} or a JSON
 * Pointer (RFC 6901) such as {@code /data/items}. The empty path is the response itself.
 */
public record FieldPath(String text, JsonPointer pointer) {
    public static final FieldPath ROOT = new FieldPath("", JsonPointer.empty());

    public static FieldPath parse(String text) {
        if (text == null || text.isEmpty()) {
            return ROOT;
        }
        if (text.startsWith("/")) {
            try {
                return new FieldPath(text, JsonPointer.compile(text));
            } catch (IllegalArgumentException e) {
                throw MallardException.invalidArgument("'" + text + "' is not a valid JSON Pointer: " + e.getMessage());
            }
        }
        StringBuilder pointer = new StringBuilder();
        for (String part : text.split("\\.", -1)) {
            if (part.isEmpty()) {
                throw MallardException.invalidArgument("The path '" + text + "' has an empty part. Write it as "
                        + "field.field (e.g. data.items) or as a JSON Pointer (/data/items).");
            }
            pointer.append('/').append(part.replace("~", "~0").replace("/", "~1"));
        }
        return new FieldPath(text, JsonPointer.compile(pointer.toString()));
    }

    /** The value at this path, absent when the path leads nowhere or to JSON null. */
    public Optional<JsonNode> find(JsonNode document) {
        JsonNode found = document.at(pointer);
        return found.isMissingNode() || found.isNull() ? Optional.empty() : Optional.of(found);
    }

    /** The value at this path as text, absent when it is missing, null or empty. */
    Optional<String> findText(JsonNode document) {
        return find(document).filter(JsonNode::isValueNode).map(JsonNode::asString).filter(s -> !s.isEmpty());
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(the whole response)" : text;
    }
}
