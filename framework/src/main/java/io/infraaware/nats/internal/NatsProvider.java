package io.infraaware.nats.internal;

import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.util.List;
import org.apiguardian.api.API;

/**
 * NATS: {@code nats://[user:password@|token@]host[:4222]}; TLS when the server requires it. Probed
 * on the wire; an {@code io.nats.client.Connection} parameter needs {@code io.nats:jnats}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class NatsProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND = ServiceKind.of("nats", "NATS", UrlScheme.of("nats", 4222));

  private static final String CLIENT = "io.nats.client.Nats";
  private static final String ARTIFACT = "io.nats:jnats";

  /** Creates the provider; the service loader does this. */
  public NatsProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new NatsProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            "io.nats.client.Connection",
            CLIENT,
            ARTIFACT,
            (endpoint, closeLater) -> NatsClients.connection(endpoint, closeLater)));
  }
}
