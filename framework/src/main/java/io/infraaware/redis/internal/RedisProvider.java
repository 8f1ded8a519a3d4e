package io.infraaware.redis.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.service.internal.ServiceCatalog;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Redis: {@code redis://[user:password@]host[:6379][/database]}, {@code rediss://} for TLS. Probed
 * on the wire; {@code RedisClient} and {@code StatefulRedisConnection} parameters need Lettuce
 * ({@code io.lettuce:lettuce-core}).
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class RedisProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of(
          "redis", "Redis", UrlScheme.of("redis", 6379), UrlScheme.secure("rediss", 6379));

  private static final String LETTUCE = "io.lettuce.core.RedisClient";
  private static final String ARTIFACT = "io.lettuce:lettuce-core";

  /** Creates the provider; the service loader does this. */
  public RedisProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new RedisProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            LETTUCE,
            LETTUCE,
            ARTIFACT,
            (endpoint, closeLater) -> LettuceClients.client(endpoint, closeLater)),
        ClientType.of(
            "io.lettuce.core.api.StatefulRedisConnection",
            LETTUCE,
            ARTIFACT,
            (endpoint, closeLater) -> LettuceClients.connection(endpoint, closeLater)));
  }

  @Override
  public Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    if (code == DiagnosisCode.RESOURCE_MISSING) {
      return Optional.of(
          "use a database index the server has (see its 'databases' setting) in "
              + InfraConfig.serviceKey(service.name(), ServiceCatalog.URL)
              + "=["
              + service.endpoint().maskedUrl()
              + "]");
    }
    return Optional.empty();
  }
}
