package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The YAML config file: option values keyed as the long options without dashes ({@code max-rows: 500}),
 * and the structured {@code sources:} key ({@link SourceDeclarations}).
 *
 * @param options every key but {@code sources}, as text (a list joined with commas)
 * @param sources the {@code sources:} key, when the file has one: only then does the file manage
 *     sources, so a server started without the file leaves the sources it declared alone
 */
public record ConfigFile(Map<String, String> options, Optional<JsonNode> sources) {
    public static final ConfigFile NONE = new ConfigFile(Map.of(), Optional.empty());
    private static final String SOURCES = "sources";

    public ConfigFile {
        options = Map.copyOf(options);
    }

    public static ConfigFile read(Path path) {
        JsonNode tree;
        try {
            String text = Files.readString(path);
            tree = text.isBlank() ? null : new YAMLMapper().readTree(text);
        } catch (IOException | JacksonException e) {
            throw invalid(path, e.getMessage());
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return NONE;
        }
        if (!tree.isObject()) {
            throw invalid(path, "the top level is not a map");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (var entry : tree.properties()) {
            if (!entry.getKey().equals(SOURCES)) {
                options.put(entry.getKey(), text(entry.getValue()));
            }
        }
        return new ConfigFile(options, Optional.ofNullable(tree.get(SOURCES)));
    }

    /**
     * The declared sources, with secrets read from {@code environment}; empty when the file has no
     * {@code sources:} key (an empty {@code sources: {}} declares none, and removes those it declared).
     */
    public Optional<List<SourceDeclaration>> declaredSources(Map<String, String> environment) {
        return sources.map(node -> SourceDeclarations.parse(node, environment));
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            return StreamSupport.stream(value.spliterator(), false).map(JsonNode::asString)
                    .collect(Collectors.joining(","));
        }
        return value.isValueNode() ? value.asString() : value.toString();
    }

    private static MallardException invalid(Path path, String reason) {
        return MallardException.configuration("Config file " + path + " is not valid YAML with option names as keys "
                + "(for example 'port: 8765'): " + reason);
    }
}
