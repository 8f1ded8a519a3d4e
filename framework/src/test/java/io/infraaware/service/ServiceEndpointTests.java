package io.infraaware.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceEndpointTests {

  @ParameterizedTest
  @CsvSource({
    "jdbc:postgresql://127.0.0.1:5432/app, POSTGRES, 127.0.0.1, 5432",
    "jdbc:postgresql://localhost/app, POSTGRES, localhost, 5432",
    "redis://127.0.0.1, REDIS, 127.0.0.1, 6379",
    "rediss://127.0.0.1:6380, REDIS, 127.0.0.1, 6380",
    "http://127.0.0.1:8080, HTTP, 127.0.0.1, 8080",
    "https://localhost, HTTP, localhost, 443",
    "ws://127.0.0.1:8080/ws/chat, WEBSOCKET, 127.0.0.1, 8080",
    "tcp://[::1]:9000, TCP, ::1, 9000"
  })
  void theSchemeDecidesTheKindAndDefaultPort(String url, ServiceKind kind, String host, int port) {
    ServiceEndpoint endpoint =
        ServiceEndpoint.parse("svc", "infra.services.svc.url", url, null, null);
    assertThat(endpoint.kind()).isEqualTo(kind);
    assertThat(endpoint.host()).isEqualTo(host);
    assertThat(endpoint.port()).isEqualTo(port);
  }

  @Test
  void credentialsComeFromKeysFirstThenTheUrl() {
    ServiceEndpoint fromUrl =
        ServiceEndpoint.parse("cache", "k", "redis://app:s3cret@127.0.0.1:6379", null, null);
    assertThat(fromUrl.username()).contains("app");
    assertThat(fromUrl.password()).contains("s3cret");
    assertThat(fromUrl.toString()).doesNotContain("s3cret").contains("redis://****@127.0.0.1:6379");

    ServiceEndpoint jdbc =
        ServiceEndpoint.parse(
            "db", "k", "jdbc:postgresql://h/app?user=u&password=p", "other", null);
    assertThat(jdbc.username()).contains("other");
    assertThat(jdbc.password()).contains("p");
  }

  @Test
  void userInfoIsTakenOutOfUrlsForClientsThatCannotReadIt() {
    ServiceEndpoint jdbc =
        ServiceEndpoint.parse(
            "db", "k", "jdbc:postgresql://app:s3cret@127.0.0.1:5432/app", null, null);
    assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
    assertThat(jdbc.username()).contains("app");
    assertThat(jdbc.password()).contains("s3cret");
    ServiceEndpoint http =
        ServiceEndpoint.parse("api", "k", "http://app:s3cret@127.0.0.1:8080/v1?x=1", null, null);
    assertThat(http.urlWithoutUserInfo()).isEqualTo("http://127.0.0.1:8080/v1?x=1");
    assertThat(http.withAddress("127.0.0.1", 9000).url())
        .isEqualTo("http://app:s3cret@127.0.0.1:9000/v1?x=1");
  }

  @Test
  void aTcpUrlWithoutPortIsRefused() {
    assertThatThrownBy(
            () -> ServiceEndpoint.parse("t", "infra.services.t.url", "tcp://127.0.0.1", null, null))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Invalid configuration infra.services.t.url=[tcp://127.0.0.1]: the URL names no valid port");
  }

  @Test
  void aMalformedUrlIsRefusedNamingTheKey() {
    assertThatThrownBy(
            () ->
                ServiceEndpoint.parse(
                    "t", "infra.services.t.url", "http://127.0.0.1:80 80", null, null))
        .hasMessageStartingWith(
            "Invalid configuration infra.services.t.url=[http://127.0.0.1:80 80]: malformed URL");
  }

  @Test
  void movesToAnotherAddressKeepingTheRest() {
    ServiceEndpoint db =
        ServiceEndpoint.parse(
            "db", "k", "jdbc:postgresql://127.0.0.1:5432/app?ssl=false", "u", "p");
    ServiceEndpoint moved = db.withAddress("127.0.0.1", 15432);
    assertThat(moved.url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/app?ssl=false");
    assertThat(moved.port()).isEqualTo(15432);
    assertThat(moved.username()).contains("u");
  }
}
