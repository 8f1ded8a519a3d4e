package io.infraaware.config;

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
    "http://127.0.0.1:8080/users/a@b, http://127.0.0.1:8080/users/a@b",
    "http://user:p@ss/w@127.0.0.1, http://****@127.0.0.1",
    "http://127.0.0.1:8080?q=a@b, http://127.0.0.1:8080?q=a@b",
    "redis://app:1234@127.0.0.1:6379, redis://****@127.0.0.1:6379"
  })
  void masksUserInfoAndSecretParameters(String url, String masked) {
    assertThat(Secrets.maskUrl(url)).isEqualTo(masked);
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
