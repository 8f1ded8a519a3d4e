package io.infraaware.kafka.internal;

import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Apache Kafka brokers (and those that speak its protocol): {@code kafka://host[:9092]}, PLAINTEXT
 * only. Probed on the wire ({@code ApiVersions}); {@code Admin}, {@code KafkaProducer<String,
 * String>} and {@code KafkaConsumer<String, String>} parameters need {@code
 * org.apache.kafka:kafka-clients}; a {@code java.util.Properties} parameter holds {@code
 * bootstrap.servers} for any other client.
 *
 * <p>A proxy in front of a broker is checked with a Metadata request through it: a broker that
 * advertises another address would lead clients around the proxy, and its faults would not reach
 * them.
 *
 * @since 0.2.0
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class KafkaProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of("kafka", "Kafka", UrlScheme.of("kafka", 9092));

  private static final String CLIENTS = "org.apache.kafka.clients.admin.Admin";
  private static final String ARTIFACT = "org.apache.kafka:kafka-clients";

  /** Kafka's exceptions for a broker that cannot be reached, by name: the library is optional. */
  private static final Set<String> CONNECTION_FAILURES =
      Set.of(
          "org.apache.kafka.common.errors.NetworkException",
          "org.apache.kafka.common.errors.DisconnectException",
          "org.apache.kafka.common.errors.TimeoutException",
          "org.apache.kafka.common.errors.BrokerNotAvailableException");

  /** Creates the provider; the service loader does this. */
  public KafkaProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new KafkaProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            CLIENTS,
            CLIENTS,
            ARTIFACT,
            (endpoint, closeLater) -> KafkaClients.admin(endpoint, closeLater)),
        ClientType.of(
            "org.apache.kafka.clients.producer.KafkaProducer",
            CLIENTS,
            ARTIFACT,
            (endpoint, closeLater) -> KafkaClients.producer(endpoint, closeLater)),
        ClientType.of(
            "org.apache.kafka.clients.consumer.KafkaConsumer",
            CLIENTS,
            ARTIFACT,
            (endpoint, closeLater) -> KafkaClients.consumer(endpoint, closeLater)),
        ClientType.of(
            "java.util.Properties",
            "java.util.Properties",
            ARTIFACT,
            (endpoint, closeLater) -> KafkaClients.properties(endpoint)));
  }

  @Override
  public boolean isConnectionFailure(Throwable thrown) {
    return CONNECTION_FAILURES.contains(thrown.getClass().getName());
  }

  @Override
  public Optional<String> proxyBypass(
      ServiceEndpoint upstream, ServiceEndpoint proxy, Duration timeout) {
    return KafkaProxyCheck.bypass(upstream, proxy, timeout);
  }
}
