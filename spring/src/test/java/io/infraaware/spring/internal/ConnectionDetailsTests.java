package io.infraaware.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What InfraAware hands a Spring context for an endpoint: the interfaces it implements by name
 * answer the endpoint's values, keep Boot's defaults, and never print a secret.
 */
class ConnectionDetailsTests {

  /** The shape of a Boot {@code ConnectionDetails}: getters, a default, a nested type. */
  public interface Details {
    String getUsername();

    String getPassword();

    String getHost();

    default int getDatabase() {
      return 7;
    }

    String getSslBundle();
  }

  private static final ServiceKind REDIS =
      ServiceKind.of("redis", "Redis", UrlScheme.of("redis", 6379));
  private static final ServiceKind AMQP =
      ServiceKind.of("amqp", "RabbitMQ", UrlScheme.of("amqp", 5672));

  private final ServiceEndpoint redis =
      ServiceEndpoint.parse(
          "cache",
          "infra.services.cache.url",
          "redis://app:s3cret@127.0.0.1:6390/3",
          REDIS,
          null,
          null);

  @Test
  void gettersAnswerTheEndpointAndDefaultsStayBoots() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("getUsername", "app");
    values.put("getPassword", null);
    values.put("getHost", "127.0.0.1");
    Details details = (Details) ConnectionDetailsProxies.implement(Details.class, values, redis);

    assertThat(details.getUsername()).isEqualTo("app");
    assertThat(details.getPassword()).isNull();
    assertThat(details.getHost()).isEqualTo("127.0.0.1");
    assertThat(details.getDatabase()).isEqualTo(7);
  }

  @Test
  void aGetterItCannotAnswerSaysWhatToDo() {
    Details details = (Details) ConnectionDetailsProxies.implement(Details.class, Map.of(), redis);

    assertThatThrownBy(details::getSslBundle)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not answer getSslBundle")
        .hasMessageContaining("[cache]")
        .hasMessageContaining("ServiceConnectionDetailsFactory");
  }

  @Test
  void itsNameShowsTheServiceWithoutTheSecret() {
    Details details = (Details) ConnectionDetailsProxies.implement(Details.class, Map.of(), redis);

    assertThat(details.toString())
        .startsWith("InfraAware Details for [redis://")
        .contains("127.0.0.1:6390/3")
        .doesNotContain("s3cret");
    assertThat(details).isEqualTo(details).isNotEqualTo(new Object());
  }

  @Test
  void redisDatabaseAndRabbitVirtualHostComeFromThePath() {
    assertThat(BootConnectionDetails.redisDatabase(redis)).isEqualTo(3);
    ServiceEndpoint broker =
        ServiceEndpoint.parse(
            "broker",
            "infra.services.broker.url",
            "amqp://127.0.0.1/orders%2Fv2",
            AMQP,
            null,
            null);
    ServiceEndpoint plain =
        ServiceEndpoint.parse(
            "broker", "infra.services.broker.url", "amqp://127.0.0.1", AMQP, null, null);

    assertThat(BootConnectionDetails.virtualHost(broker)).isEqualTo("orders/v2");
    assertThat(BootConnectionDetails.virtualHost(plain)).isNull();
  }

  @Test
  void withoutSpringBootNoConnectionDetailsAreMade() {
    assertThat(new BootConnectionDetails(getClass().getClassLoader()).connectionDetails(redis))
        .isEmpty();
  }

  @Test
  void theContextGetsEachServiceAsProperties() {
    Map<String, Object> properties = InfraContextCustomizer.properties(Map.of("cache", redis));

    assertThat(properties)
        .containsEntry("infra.services.cache.url", "redis://app:s3cret@127.0.0.1:6390/3")
        .containsEntry("infra.services.cache.host", "127.0.0.1")
        .containsEntry("infra.services.cache.port", 6390)
        .containsEntry("infra.services.cache.address", "127.0.0.1:6390")
        .containsEntry("infra.services.cache.username", "app")
        .containsEntry("infra.services.cache.password", "s3cret");
  }
}
