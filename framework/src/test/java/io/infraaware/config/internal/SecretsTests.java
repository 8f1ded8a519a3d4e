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
    "jdbc:postgresql://127.0.0.1/app?user=app&password=s3cret, jdbc:postgresql://127.0.0.1/app?user=app&password=****",
    "http://127.0.0.1:8080/health?token=abc, http://127.0.0.1:8080/health?token=****",
    "http://127.0.0.1:8080/health, http://127.0.0.1:8080/health",
    "redis://app:p@ss@127.0.0.1:6379, redis://****@127.0.0.1:6379",
    "redis://app:pa/ss@127.0.0.1:6379, redis://****@127.0.0.1:6379",
    "http://127.0.0.1:8080/users/a@b, http://****@b",
    "http://u:pa ss@127.0.0.1/, http://****@127.0.0.1/",
    "redis://u:1234/x@127.0.0.1, redis://****@127.0.0.1",
    "jdbc:postgresql://h/db?user=u&password=qp%26w;rd, jdbc:postgresql://h/db?user=u&password=****",
    "jdbc:postgresql://h/db?password=qp%26w;rd&ssl=true, jdbc:postgresql://h/db?password=****&ssl=true",
    "http://127.0.0.1:8080/health?api_key=k1&access_token=t2, http://127.0.0.1:8080/health?api_key=****&access_token=****",
    "connect to http://127.0.0.1:8080 failed, connect to http://127.0.0.1:8080 failed",
    "http://user:p@ss/w@127.0.0.1, http://****@127.0.0.1",
    "http://127.0.0.1:8080?q=a@b, http://127.0.0.1:8080?q=a@b",
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
  void scrubMasksALongerSecretWholeBeforeAShorterOne() {
    assertThat(Secrets.scrub("user app, password app-s3cret", "app", "app-s3cret"))
        .isEqualTo("user ****, password ****");
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
