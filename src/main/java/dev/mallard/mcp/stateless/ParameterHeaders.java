package dev.mallard.mcp.stateless;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tool parameters a client mirrors into {@code Mcp-Param-{Name}} headers ({@code x-mcp-header}
 * in the input schema, reachable through {@code properties} alone), and the check that each header
 * matches the arguments (streamable-http, "Custom Headers from Tool Parameters").
 */
final class ParameterHeaders {
    static final String ANNOTATION = "x-mcp-header";

    /** One annotated parameter: the header's name part and the chain of property names leading to it. */
    record Header(String name, List<String> path) {}

    private ParameterHeaders() {}

    static List<Header> of(Map<?, ?> inputSchema) {
        List<Header> headers = new ArrayList<>();
        collect(inputSchema, List.of(), headers);
        return List.copyOf(headers);
    }

    private static void collect(Map<?, ?> schema, List<String> path, List<Header> headers) {
        if (!(schema.get("properties") instanceof Map<?, ?> properties)) {
            return;
        }
        properties.forEach((name, property) -> {
            if (property instanceof Map<?, ?> definition) {
                List<String> next = new ArrayList<>(path);
                next.add(String.valueOf(name));
                if (definition.get(ANNOTATION) instanceof String header) {
                    headers.add(new Header(header, List.copyOf(next)));
                }
                collect(definition, next, headers);
            }
        });
    }

    /** Why the headers disagree with the arguments, or empty when every annotated parameter matches. */
    static Optional<String> mismatch(List<Header> headers, Object arguments, Function<String, String> header) {
        for (Header annotated : headers) {
            String headerName = "Mcp-Param-" + annotated.name();
            Object value = valueAt(arguments, annotated.path());
            String raw = header.apply(headerName);
            if (value == null) {
                if (raw != null) {
                    return Optional.of(headerName + " is present but the arguments have no "
                            + String.join(".", annotated.path()) + "; omit the header.");
                }
                continue;
            }
            if (raw == null) {
                return Optional.of("the " + headerName + " header is missing; send the value of argument "
                        + String.join(".", annotated.path()) + ".");
            }
            String decoded = StatelessProtocol.decodeHeader(raw);
            if (decoded == null || !matches(decoded, value)) {
                return Optional.of(headerName + " header value '" + raw + "' does not match body value '" + value
                        + "'.");
            }
        }
        return Optional.empty();
    }

    private static Object valueAt(Object arguments, List<String> path) {
        Object value = arguments;
        for (String name : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(name);
        }
        return value;
    }

    /** Integers compare numerically (42 equals 42.0), booleans and strings as written. */
    private static boolean matches(String header, Object value) {
        if (value instanceof Number number) {
            try {
                return new BigDecimal(header.strip()).compareTo(new BigDecimal(number.toString())) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return header.equals(String.valueOf(value));
    }
}
