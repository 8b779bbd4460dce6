package dev.mallard.mcp.stateless;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatelessProtocolTest {
    @Test
    void aRequestIsStatelessWhenItsMetaNamesAProtocolVersion() {
        Map<String, Object> params = Map.of("_meta", Map.of(StatelessProtocol.PROTOCOL_VERSION, "2026-07-28"));
        assertThat(StatelessProtocol.isStateless(params, null)).isTrue();
        assertThat(StatelessProtocol.isStateless(Map.of("_meta", Map.of()), null)).isFalse();
        assertThat(StatelessProtocol.isStateless(Map.of("name", "query"), null)).isFalse();
    }

    @Test
    void aVersionHeaderOfTheStatelessEraOrLaterMakesItStateless() {
        assertThat(StatelessProtocol.isStateless(null, StatelessProtocol.VERSION)).isTrue();
        assertThat(StatelessProtocol.isStateless(null, " 2026-07-28 ")).isTrue();
        assertThat(StatelessProtocol.isStateless(null, "2027-01-01")).isTrue();
    }

    @Test
    void aSessionEraOrMalformedVersionHeaderKeepsTheSessionSemantics() {
        assertThat(StatelessProtocol.isStateless(null, "2025-11-25")).isFalse();
        assertThat(StatelessProtocol.isStateless(null, "2026-7-28")).isFalse();
        assertThat(StatelessProtocol.isStateless(null, "2026-07-28x")).isFalse();
        assertThat(StatelessProtocol.isStateless(null, "latest")).isFalse();
        assertThat(StatelessProtocol.isStateless(null, "")).isFalse();
        assertThat(StatelessProtocol.isStateless(null, null)).isFalse();
    }
}
