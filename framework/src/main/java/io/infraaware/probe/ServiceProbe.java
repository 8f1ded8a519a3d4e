package io.infraaware.probe;

import io.infraaware.service.ServiceDefinition;

/**
 * Checks one service at the protocol level.
 *
 * <p>Implementations bound their work by {@link ServiceDefinition#probeTimeout()}, never throw, and
 * return a diagnosis for everything that is not up.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ServiceProbe {

  /**
   * Probes a service.
   *
   * @param service the service
   * @return the result, never null
   */
  ProbeResult probe(ServiceDefinition service);
}
