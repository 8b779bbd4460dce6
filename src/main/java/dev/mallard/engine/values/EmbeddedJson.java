package dev.mallard.engine.values;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Values of DuckDB's JSON type, parsed so they are embedded in the result as JSON rather than as a
 * string holding JSON.
 *
 * <p>Numbers keep their exact digits (big integers and decimals are read as BigInteger and
 * BigDecimal, not doubles): the document is the user's own, so it is passed on as written rather
 * than subjected to the safe-integer rule the typed columns follow.
 */
final class EmbeddedJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private EmbeddedJson() {}

    /** The parsed document (Map, List, String, number, Boolean or null), or the text if it is not JSON. */
    static Object parse(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JacksonException e) {
            return json;
        }
    }
}
