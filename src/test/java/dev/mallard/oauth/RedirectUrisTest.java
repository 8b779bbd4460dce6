package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact matching of redirect URIs, with the loopback port exception of RFC 8252 section 7.3. */
class RedirectUrisTest {
    @Test
    void registeredUrisMatchExactly() {
        List<String> registered = List.of("https://app.example.com/cb", "com.example.app:/callback");
        assertThat(RedirectUris.match(registered, "https://app.example.com/cb")).isPresent();
        assertThat(RedirectUris.match(registered, "com.example.app:/callback")).isPresent();
        assertThat(RedirectUris.match(registered, "https://app.example.com/cb/")).isEmpty();
        assertThat(RedirectUris.match(registered, "https://APP.example.com/cb")).isEmpty();
        assertThat(RedirectUris.match(registered, "https://app.example.com:8443/cb")).isEmpty();
        assertThat(RedirectUris.match(registered, "https://app.example.com/cb?x=1")).isEmpty();
    }

    @Test
    void loopbackUrisMatchOnAnyPortButNothingElse() {
        List<String> registered = List.of("http://127.0.0.1/callback", "http://localhost:3000/cb?app=1");
        assertThat(RedirectUris.match(registered, "http://127.0.0.1:51234/callback")).isPresent();
        assertThat(RedirectUris.match(registered, "http://localhost:9/cb?app=1")).isPresent();
        assertThat(RedirectUris.match(registered, "http://127.0.0.1:51234/other")).isEmpty();
        assertThat(RedirectUris.match(registered, "http://localhost:51234/callback")).isEmpty();
        assertThat(RedirectUris.match(registered, "http://user@127.0.0.1:5/callback")).isEmpty();
        assertThat(RedirectUris.match(registered, "https://127.0.0.1:51234/callback")).isEmpty();
        assertThat(RedirectUris.match(registered, "http://localhost:9/cb?app=2")).isEmpty();
    }

    @Test
    void cspSourceIsTheOriginOrTheScheme() {
        assertThat(RedirectUris.cspSource("http://127.0.0.1:43110/callback")).isEqualTo("http://127.0.0.1:43110");
        assertThat(RedirectUris.cspSource("https://App.example.com/cb")).isEqualTo("https://App.example.com");
        assertThat(RedirectUris.cspSource("com.example.app:/callback")).isEqualTo("com.example.app:");
    }
}
