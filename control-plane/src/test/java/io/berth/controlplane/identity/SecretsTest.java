package io.berth.controlplane.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void aTokenParsesBackIntoItsIdAndSecret() {
        var token = ApiTokenFormat.generate();
        assertThat(token.token()).startsWith("berth_" + token.tokenId() + "_");
        assertThat(ApiTokenFormat.parse(token.token())).contains(token);
        assertThat(ApiTokenFormat.parse("berth_short_x")).isEmpty();
        assertThat(ApiTokenFormat.parse(null)).isEmpty();
        assertThat(ApiTokenFormat.generate().tokenId()).isNotEqualTo(token.tokenId());
    }

    @Test
    void passwordsAreArgon2idHashesThatOnlyTheRightPasswordMatches() {
        String hash = Passwords.hash("a long enough password");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Passwords.matches("a long enough password", hash)).isTrue();
        assertThat(Passwords.matches("a long enough passwore", hash)).isFalse();
        assertThat(Passwords.matches("a long enough password", null)).isFalse();
        assertThat(Passwords.hash("a long enough password")).isNotEqualTo(hash);
    }

    @Test
    void constantTimeEqualsComparesWholeStrings() {
        assertThat(Secrets.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(Secrets.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(Secrets.constantTimeEquals(null, "abc")).isFalse();
    }
}
