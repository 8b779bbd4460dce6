package dev.mallard.bench;

import dev.mallard.error.MallardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string of a workload with placeholders: {@code ${name}} (a parameter of the entry, the same
 * value everywhere in one call) or {@code ${int:1:50000}} / {@code ${pick:a|b}} (drawn where it
 * stands). Parsed once, so filling one in per call is a walk over its parts.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private sealed interface Part permits Literal, Reference, Drawn {}

    private record Literal(String text) implements Part {}

    private record Reference(String name) implements Part {}

    private record Drawn(ParameterGenerator generator) implements Part {}

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    static Template parse(String text, Set<String> parameters) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() > end) {
                parts.add(new Literal(text.substring(end, matcher.start())));
            }
            String inner = matcher.group(1).strip();
            if (ParameterGenerator.isSpec(inner)) {
                parts.add(new Drawn(ParameterGenerator.parse(inner)));
            } else if (parameters.contains(inner)) {
                parts.add(new Reference(inner));
            } else {
                throw MallardException.invalidArgument("'${" + inner + "}' names no parameter of this entry (it has "
                        + (parameters.isEmpty() ? "none" : String.join(", ", parameters)) + "): declare it under "
                        + "params, or write ${int:MIN:MAX} or ${pick:a|b}.");
            }
            end = matcher.end();
        }
        if (end < text.length()) {
            parts.add(new Literal(text.substring(end)));
        }
        return new Template(parts);
    }

    /**
     * The text with its placeholders filled in. A template that is one placeholder drawing a
     * number yields the number itself, so {@code max_rows: ${int:1:10}} passes an integer.
     */
    Object fill(Map<String, Object> values, RandomGenerator random) {
        if (parts.size() == 1 && !(parts.getFirst() instanceof Literal)) {
            return value(parts.getFirst(), values, random);
        }
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            text.append(value(part, values, random));
        }
        return text.toString();
    }

    String fillText(Map<String, Object> values, RandomGenerator random) {
        return String.valueOf(fill(values, random));
    }

    private static Object value(Part part, Map<String, Object> values, RandomGenerator random) {
        return switch (part) {
            case Literal literal -> literal.text();
            case Reference reference -> values.get(reference.name());
            case Drawn drawn -> drawn.generator().draw(random);
        };
    }
}
