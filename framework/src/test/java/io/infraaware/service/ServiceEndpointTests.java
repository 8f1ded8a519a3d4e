package io.infraaware.service;

import static io.infraaware.testing.TestServices.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceEndpointTests {

  @ParameterizedTest
  @CsvSource({
    "jdbc:postgresql://127.0.0.1:5432/app, postgres, 127.0.0.1, 5432",
    "jdbc:postgresql://localhost/app, postgres, localhost, 5432",
    "redis://127.0.0.1, redis, 127.0.0.1, 6379",
    "rediss://127.0.0.1:6380, redis, 127.0.0.1, 6380",
    "http://127.0.0.1:8080, http, 127.0.0.1, 8080",
    "https://localhost, http, localhost, 443",
    "ws://127.0.0.1:8080/ws/chat, websocket, 127.0.0.1, 8080",
    "tcp://[::1]:9000, tcp, ::1, 9000",
    "jdbc:mysql://127.0.0.1/test, mysql, 127.0.0.1, 3306",
    "jdbc:mariadb://127.0.0.1:3307/test, mysql, 127.0.0.1, 3307",
    "amqp://guest:guest@127.0.0.1, amqp, 127.0.0.1, 5672",
    "amqps://127.0.0.1, amqp, 127.0.0.1, 5671",
    "nats://127.0.0.1, nats, 127.0.0.1, 4222",
    "mqtt://127.0.0.1, mqtt, 127.0.0.1, 1883",
    "mqtts://127.0.0.1, mqtt, 127.0.0.1, 8883",
    "kafka://127.0.0.1, kafka, 127.0.0.1, 9092",
    "kafka://127.0.0.1:19092, kafka, 127.0.0.1, 19092"
  })
  void theSchemeDecidesTheKindAndDefaultPort(String url, String kind, String host, int port) {
    ServiceEndpoint endpoint = endpoint("svc", url);
    assertThat(endpoint.kind().id()).isEqualTo(kind);
    assertThat(endpoint.host()).isEqualTo(host);
    assertThat(endpoint.port()).isEqualTo(port);
  }

  @Test
  void credentialsComeFromTheUrlOrItsQuery() {
    ServiceEndpoint fromUrl = endpoint("cache", "redis://app:s3cret@127.0.0.1:6379");
    assertThat(fromUrl.username()).contains("app");
    assertThat(fromUrl.password()).contains("s3cret");
    assertThat(fromUrl.toString()).doesNotContain("s3cret").contains("redis://****@127.0.0.1:6379");

    ServiceEndpoint jdbc = endpoint("db", "jdbc:postgresql://h/app?user=u&password=p%26q");
    assertThat(jdbc.username()).contains("u");
    assertThat(jdbc.password()).contains("p&q");
  }

  @Test
  void aPasswordWithAtSignsAndColonsIsReadUpToTheLastAtBeforeTheHost() {
    ServiceEndpoint endpoint = endpoint("db", "jdbc:postgresql://user:p@ss:w@rd@127.0.0.1:5432/db");
    assertThat(endpoint.host()).isEqualTo("127.0.0.1");
    assertThat(endpoint.username()).contains("user");
    assertThat(endpoint.password()).contains("p@ss:w@rd");
    assertThat(endpoint.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/db");
    assertThat(endpoint.maskedUrl()).isEqualTo("jdbc:postgresql://****@127.0.0.1:5432/db");
  }

  @Test
  void percentEncodingIsDecodedButAPlusStaysAPlus() {
    ServiceEndpoint endpoint = endpoint("cache", "redis://u:a%2Fb%40c+d@127.0.0.1");
    assertThat(endpoint.password()).contains("a/b@c+d");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:postgresql://user:p@ss/w:rd@127.0.0.1:5432/db",
        "redis://u:1234/x@127.0.0.1",
        "http://127.0.0.1:8080/users/a@b"
      })
  void anAtSignAfterASlashIsRefusedWithoutPrintingThePassword(String url) {
    assertThatThrownBy(() -> endpoint("db", url))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("Invalid configuration infra.services.db.url=[")
        .hasMessageContaining("percent-encode")
        .hasMessageNotContaining("w:rd")
        .hasMessageNotContaining("1234/x");
  }

  @Test
  void aTcpUrlWithoutPortIsRefused() {
    assertThatThrownBy(() -> endpoint("t", "tcp://127.0.0.1"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Invalid configuration infra.services.t.url=[tcp://127.0.0.1]: the URL names no valid"
                + " port");
  }

  @Test
  void aMalformedHostIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> endpoint("t", "http://127.0.0.1:80 80"))
        .hasMessageStartingWith(
            "Invalid configuration infra.services.t.url=[http://127.0.0.1:80 80]");
    assertThatThrownBy(() -> endpoint("t", "redis://u:p?ss@127.0.0.1"))
        .hasMessageContaining("percent-encode")
        .hasMessageNotContaining("p?ss");
  }

  @Test
  void userInfoIsTakenOutOfUrlsForClientsThatCannotReadIt() {
    ServiceEndpoint jdbc = endpoint("db", "jdbc:postgresql://app:s3cret@127.0.0.1:5432/app");
    assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
    ServiceEndpoint http = endpoint("api", "http://app:s3cret@127.0.0.1:8080/v1?x=1");
    assertThat(http.urlWithoutUserInfo()).isEqualTo("http://127.0.0.1:8080/v1?x=1");
    assertThat(http.withAddress("127.0.0.1", 9000).url())
        .isEqualTo("http://app:s3cret@127.0.0.1:9000/v1?x=1");
  }

  @Test
  void movesToAnotherAddressKeepingTheRest() {
    ServiceEndpoint db = endpoint("db", "jdbc:postgresql://u:p@127.0.0.1:5432/app?ssl=false");
    ServiceEndpoint moved = db.withAddress("127.0.0.1", 15432);
    assertThat(moved.url()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/app?ssl=false");
    assertThat(moved.port()).isEqualTo(15432);
    assertThat(moved.username()).contains("u");
    assertThat(moved.password()).contains("p");
  }

  @Test
  void aUserNameThatIsThePasswordIsMaskedWhereverItIsPrinted() {
    ServiceEndpoint endpoint = endpoint("db", "jdbc:postgresql://app:app@127.0.0.1:5432/app");
    assertThat(endpoint.printableUsername()).contains("****");
    // a 3-character password is not replaced as a literal (that would reveal it): the database
    // name stays
    assertThat(endpoint.maskedUrl()).isEqualTo("jdbc:postgresql://****@127.0.0.1:5432/app");
    assertThat(endpoint.scrub("password authentication failed for user \"app\""))
        .doesNotContain("app");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redis://localhost:21999?Summer1secret@127.0.0.1:6379",
        "redis://localhost:21999#Summer1secret@127.0.0.1:6379",
        "jdbc:postgresql://localhost:5432?Summer1secret@127.0.0.1:5432/app",
        "http://localhost:8080?Summer1secret@127.0.0.1:8080"
      })
  void userInfoThatCannotBeToldFromAQueryIsRefusedWithoutPrintingIt(String url) {
    assertThatThrownBy(() -> endpoint("db", url))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("infra.services.db.url")
        .hasMessageContaining("percent-encode '?' as %3F, '#' as %23 and '@' as %40")
        .extracting(Throwable::getMessage)
        .asString()
        .doesNotContain("Summ")
        .doesNotContain("21999")
        .doesNotContain("localhost");
  }

  @Test
  void aNatsTokenIsASecretNotAUserName() {
    ServiceEndpoint endpoint = endpoint("bus", "nats://t0ken-s3cret@127.0.0.1:4222");
    assertThat(endpoint.username()).contains("t0ken-s3cret");
    assertThat(endpoint.printableUsername()).contains("****");
    assertThat(endpoint.scrub("authorization violation for token t0ken-s3cret"))
        .doesNotContain("t0ken");
    assertThat(endpoint.toString()).doesNotContain("t0ken");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\n", "\n", "\t", "\u0000", "\u2028"})
  void aControlCharacterInAUrlIsRefusedAndPrintedEscaped(String control) {
    assertThatThrownBy(() -> endpoint("db", "redis://127.0.0.1:6379/0" + control + "X-Injected: 1"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("control character")
        .extracting(Throwable::getMessage)
        .asString()
        .doesNotContain(control);
  }

  @Test
  void everyQueryValueOfTheUrlIsMaskedButPlainDriverOptions() {
    ServiceEndpoint endpoint =
        endpoint("db", "jdbc:postgresql://127.0.0.1/app?sslmode=disable&options=-c%20x&apikey=k3y");
    assertThat(endpoint.maskedUrl())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/app?sslmode=disable&options=****&apikey=****");
  }
}
