package dev.mallard.mcp.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of the suite's SEP-1034, SEP-1330 and SEP-1613 scenarios, as its reference server has them. */
final class ElicitationSchemas {
    static final Map<String, Object> DEFAULTS = object(Map.of(
            "name", Map.of("type", "string", "description", "User name", "default", "John Doe"),
            "age", Map.of("type", "integer", "description", "User age", "default", 30),
            "score", Map.of("type", "number", "description", "User score", "default", 95.5),
            "status", Map.of("type", "string", "description", "User status",
                    "enum", List.of("active", "inactive", "pending"), "default", "active"),
            "verified", Map.of("type", "boolean", "description", "Verification status", "default", true)));

    static final Map<String, Object> ENUMS = object(Map.of(
            "untitledSingle", Map.of("type", "string", "description", "Select one option",
                    "enum", List.of("option1", "option2", "option3")),
            "titledSingle", Map.of("type", "string", "description", "Select one option with titles",
                    "oneOf", List.of(Map.of("const", "value1", "title", "First Option"),
                            Map.of("const", "value2", "title", "Second Option"),
                            Map.of("const", "value3", "title", "Third Option"))),
            "legacyEnum", Map.of("type", "string", "description", "Select one option (legacy)",
                    "enum", List.of("opt1", "opt2", "opt3"),
                    "enumNames", List.of("Option One", "Option Two", "Option Three")),
            "untitledMulti", Map.of("type", "array", "description", "Select multiple options",
                    "minItems", 1, "maxItems", 3,
                    "items", Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))),
            "titledMulti", Map.of("type", "array", "description", "Select multiple options with titles",
                    "minItems", 1, "maxItems", 3,
                    "items", Map.of("anyOf", List.of(Map.of("const", "value1", "title", "First Choice"),
                            Map.of("const", "value2", "title", "Second Choice"),
                            Map.of("const", "value3", "title", "Third Choice"))))));

    static final Map<String, Object> JSON_SCHEMA_2020_12 = jsonSchema2020();

    private ElicitationSchemas() {}

    private static Map<String, Object> object(Map<String, Object> properties) {
        return Map.of("type", "object", "properties", properties, "required", List.of());
    }

    /** Also the broader vocabulary SEP-2106 lets tools use: $anchor, allOf/anyOf, if/then/else. */
    private static Map<String, Object> jsonSchema2020() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("$defs", Map.of("address", Map.of("$anchor", "addressDef", "type", "object", "properties",
                Map.of("street", Map.of("type", "string"), "city", Map.of("type", "string")))));
        schema.put("properties", Map.of("name", Map.of("type", "string"),
                "address", Map.of("$ref", "#/$defs/address"),
                "contactMethod", Map.of("type", "string", "enum", List.of("phone", "email")),
                "phone", Map.of("type", "string"),
                "email", Map.of("type", "string")));
        schema.put("allOf", List.of(Map.of("anyOf", List.of(Map.of("required", List.of("phone")),
                Map.of("required", List.of("email"))))));
        schema.put("if", Map.of("properties", Map.of("contactMethod", Map.of("const", "phone")),
                "required", List.of("contactMethod")));
        schema.put("then", Map.of("required", List.of("phone")));
        schema.put("else", Map.of("required", List.of("email")));
        schema.put("additionalProperties", false);
        return schema;
    }
}
