package dev.mallard.tools;

import dev.mallard.error.MallardException;
import java.util.List;
import java.util.Map;

/** A tool call's arguments, read with types. The input schema has been checked before a tool sees them. */
public final class ToolArguments {
    private final Map<String, Object> values;

    public ToolArguments(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    public String requiredString(String name) {
        String value = optionalString(name);
        if (value == null || value.isBlank()) {
            throw MallardException.invalidArgument("The argument '" + name + "' is required and must not be empty.");
        }
        return value;
    }

    public String optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        throw MallardException.invalidArgument("The argument '" + name + "' must be a string.");
    }

    public Integer optionalInteger(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number.longValue()));
        }
        throw MallardException.invalidArgument("The argument '" + name + "' must be an integer.");
    }

    public Boolean optionalBoolean(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw MallardException.invalidArgument("The argument '" + name + "' must be true or false.");
    }

    public List<String> optionalStrings(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw MallardException.invalidArgument("The argument '" + name + "' must be a list of strings.");
    }

    /** The argument if it is a string, whatever the tool's schema says; for the audit log. */
    public String rawString(String name) {
        return values.get(name) instanceof String text ? text : null;
    }

    /** The argument if it is a list, its string elements; for the audit log. */
    public List<String> rawStrings(String name) {
        return values.get(name) instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
    }
}
