package dev.mallard.json;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON configuration Mallard reads and writes with, shared with the MCP SDK. */
public final class MallardJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            // Decimals from DuckDB are written digit for digit, never as 1.2E+3.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private MallardJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
