package io.infraaware.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTests {

  @ParameterizedTest
  @CsvSource({
    "redis://:s3cret@127.0.0.1:6379, redis://****@127.0.0.1:6379",
    "redis://app:s3cret@127.0.0.1:6379/2, redis://****@127.0.0.1:6379/2",
    "jdbc:postgresql://127.0.0.1/app?user=app&password=s3cret, jdbc:postgresql://127.0.0.1/app?user=****&password=****",
    "http://127.0.0.1:8080/health?token=abc, http://127.0.0.1:8080/health?token=****",
    "http://127.0.0.1:8080/health, http://127.0.0.1:8080/health",
    "redis://app:p@ss@127.0.0.1:6379, redis://****@127.0.0.1:6379",
    "redis://app:pa/ss@127.0.0.1:6379, redis://****@127.0.0.1:6379",
    "http://127.0.0.1:8080/users/a@b, http://****@b",
    "http://u:pa ss@127.0.0.1/, http://****@127.0.0.1/",
    "redis://u:1234/x@127.0.0.1, redis://****@127.0.0.1",
    "jdbc:postgresql://h/db?user=u&password=qp%26w;rd, jdbc:postgresql://h/db?user=****&password=****",
    "jdbc:postgresql://h/db?password=qp%26w;rd&ssl=true, jdbc:postgresql://h/db?password=****&ssl=****",
    "http://127.0.0.1:8080/health?api_key=k1&access_token=t2, http://127.0.0.1:8080/health?api_key=****&access_token=****",
    "connect to http://127.0.0.1:8080 failed, connect to http://127.0.0.1:8080 failed",
    "http://user:p@ss/w@127.0.0.1, http://****@127.0.0.1",
    "http://127.0.0.1:8080?q=a@b, http://****@b",
    "redis://app:1234@127.0.0.1:6379, redis://****@127.0.0.1:6379"
  })
  void masksUserInfoAndSecretParameters(String url, String masked) {
    assertThat(Secrets.maskUrl(url)).isEqualTo(masked);
  }

  @Test
  void aPasswordWithSpacesIsMaskedInsideASentenceToo() {
    assertThat(Secrets.maskUrl("cannot reach http://u:pa ss@127.0.0.1:8080/ now"))
        .isEqualTo("cannot reach http://****@127.0.0.1:8080/ now");
  }

  @Test
  void scrubMasksEveryRunOfFourCharactersOfASecretButNoShortLiteral() {
    assertThat(Secrets.scrub("user app, password app-s3cret", "app", "app-s3cret"))
        .isEqualTo("user app, password ****");
  }

  @Test
  void aOneCharacterPasswordIsMaskedOnlyWhereItStandsAsAValue() {
    assertThat(Secrets.scrub("login as 'r'@'127.0.0.1' refused for root", "r"))
        .isEqualTo("login as '****'@'127.0.0.1' refused for root");
    assertThat(Secrets.scrub("connect to 127.0.0.1 with password=1 failed", "1"))
        .isEqualTo("connect to 127.0.0.1 with password=**** failed");
  }

  @Test
  void aPrefixAServerCutIsMaskedToo() {
    String role = "r".repeat(30) + "s3cret-tail-of-a-long-role-name-longer-than-63-bytes-in-all";
    String echoed = "password authentication failed for user \"" + role.substring(0, 63) + "\"";
    assertThat(Secrets.scrub(echoed, role))
        .isEqualTo("password authentication failed for user \"****\"");
  }

  @Test
  void aValueThatCannotBeParsedShowsNoUserInfoAndNoQuery() {
    assertThat(Secrets.mask("infra.services.db.url", "postgres://u:pa#ss@127.0.0.1:5432/app"))
        .isEqualTo("postgres://****");
    assertThat(Secrets.mask("infra.services.db.url", "redis://127.0.0.1:99999?password=Sp ace"))
        .isEqualTo("redis://127.0.0.1:99999?password=****");
    assertThat(Secrets.mask("infra.services.db.url", "redis://a:b c@h:1/x?k=v&odd"))
        .isEqualTo("redis://****@h:1/x?****");
    assertThat(Secrets.mask("infra.services.db.url", "redis://h:1/\r\nX: y"))
        .isEqualTo("redis://h:1/\\r\\nX: y");
  }

  @Test
  void everyQueryValueOfAHealthPathOrLocationIsMasked() {
    for (String parameter : new String[] {"key", "auth", "jwt", "sig", "X-Amz-Signature"}) {
      assertThat(Secrets.mask("health-path", "/health?" + parameter + "=t0ken value"))
          .isEqualTo("/health?" + parameter + "=****");
    }
    assertThat(Secrets.mask("Location", "/login?next=/health%3Ftoken%3Ds3cret#frag"))
        .isEqualTo("/login?next=****#****");
    assertThat(Secrets.mask("Location", "http://u:p@h/login?next=/health%3Ftoken%3Ds3cret"))
        .isEqualTo("http://****@h/login?next=****");
  }

  @Test
  void masksSecretKeysWhole() {
    assertThat(Secrets.mask("infra.services.postgres.password", "s3cret")).isEqualTo("****");
    assertThat(Secrets.mask("infra.services.postgres.username", "app")).isEqualTo("app");
  }

  @Test
  void scrubsKnownSecretsFromDriverMessages() {
    assertThat(Secrets.scrub("FATAL: password s3cret rejected for redis://u:s3cret@h", "s3cret"))
        .doesNotContain("s3cret")
        .isEqualTo("FATAL: password **** rejected for redis://****@h");
  }
}
