package io.infraaware.proxy.internal;

import io.infraaware.proxy.TrafficBytes;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Where a proxy's byte counters are read: the server's {@code /metrics}, or the embedded server.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
@FunctionalInterface
public interface TrafficCounters {

  /**
   * The bytes a proxy has carried so far.
   *
   * @param proxy the proxy's name
   * @return the counters, or empty when the server keeps none
   */
  Optional<TrafficBytes> traffic(String proxy);
}
