package io.infraaware.proxy.internal;

import io.infraaware.proxy.ProxyTraffic;
import java.util.Optional;

/**
 * Where a proxy's byte counters are read: the server's {@code /metrics}, or the embedded server.
 */
@FunctionalInterface
public interface TrafficCounters {

  /**
   * The bytes a proxy has carried so far.
   *
   * @param proxy the proxy's name
   * @return the counters, or empty when the server keeps none
   */
  Optional<ProxyTraffic> traffic(String proxy);
}
