package io.infraaware.rabbitmq.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * RabbitMQ and other AMQP 0-9-1 brokers: {@code amqp://[user:password@]host[:5672][/vhost]}, {@code
 * amqps://} for TLS. Probed on the wire (login and virtual host included; guest/guest when no
 * credentials are configured, as the clients do); a {@code com.rabbitmq.client.Connection}
 * parameter needs {@code com.rabbitmq:amqp-client}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class RabbitMqProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of(
          "amqp", "RabbitMQ", UrlScheme.of("amqp", 5672), UrlScheme.secure("amqps", 5671));

  private static final String CLIENT = "com.rabbitmq.client.ConnectionFactory";
  private static final String ARTIFACT = "com.rabbitmq:amqp-client";

  /** Creates the provider; the service loader does this. */
  public RabbitMqProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new AmqpProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            "com.rabbitmq.client.Connection",
            CLIENT,
            ARTIFACT,
            (endpoint, closeLater) -> RabbitMqClients.connection(endpoint, closeLater)),
        ClientType.of(
            CLIENT, CLIENT, ARTIFACT, (endpoint, closeLater) -> RabbitMqClients.factory(endpoint)));
  }

  @Override
  public Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    if (code == DiagnosisCode.RESOURCE_MISSING) {
      return Optional.of(
          "create the virtual host (rabbitmqctl add_vhost), or correct it in the path of "
              + service.urlSetting());
    }
    return Optional.empty();
  }
}
