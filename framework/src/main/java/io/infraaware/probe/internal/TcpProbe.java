package io.infraaware.probe.internal;

import io.infraaware.service.ServiceDefinition;

/** Probes {@code tcp://} services by connecting: there is no protocol to speak. */
public final class TcpProbe extends ProtocolProbe {

  /**
   * Creates the probe.
   *
   * @param hints the fix hints
   */
  public TcpProbe(Hints hints) {
    super(hints);
  }

  @Override
  Answer handshake(ServiceDefinition service, Deadline deadline) {
    return Answer.up(null);
  }
}
