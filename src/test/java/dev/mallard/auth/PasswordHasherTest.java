package dev.mallard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashVerifiesItsPasswordOnly() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("correct horse battery ".toCharArray(), hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTime() {
        assertThat(hasher.hash("same".toCharArray())).isNotEqualTo(hasher.hash("same".toCharArray()));
    }

    @Test
    void unreadableHashesNeverVerify() {
        for (String stored : new String[] {"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA",
                "$argon2id$v=19$m=x,t=2,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$??"}) {
            assertThat(hasher.verify("anything".toCharArray(), stored)).as(stored).isFalse();
        }
    }

    @Test
    void nonAsciiPasswordsWork() {
        String hash = hasher.hash("pässwörd–ключ".toCharArray());
        assertThat(hasher.verify("pässwörd–ключ".toCharArray(), hash)).isTrue();
    }
}
