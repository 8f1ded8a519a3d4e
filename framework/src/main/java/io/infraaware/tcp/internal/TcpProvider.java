package io.infraaware.tcp.internal;

import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ServiceKindProvider;
import org.apiguardian.api.API;

/**
 * {@code tcp://host:port}: anything reachable over TCP, probed by connecting only.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class TcpProvider implements ServiceKindProvider {

  /** The kind: {@code tcp://}, a port is required. */
  public static final ServiceKind KIND = ServiceKind.of("tcp", "TCP", UrlScheme.of("tcp", -1));

  /** Creates the provider; the service loader does this. */
  public TcpProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return context -> {
      context.connect().close();
      return context.up(null);
    };
  }
}
