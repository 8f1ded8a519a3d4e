package io.infraaware.probe;

import io.infraaware.service.ServiceDefinition;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Checks one kind of service at the protocol level: the opening exchange of its protocol, spoken
 * through {@link ProbeContext#connect()} so that the probe timeout bounds only the peer's silence.
 *
 * <p>A probe returns {@link ProbeContext#up(String)} or throws: a {@link ProbeFailure} for what it
 * diagnosed itself, anything else for the framework to classify (timeouts, refused connections, TLS
 * errors, via {@link #classify} first). Work that needs a client library (a login through a JDBC
 * driver) runs after the wire exchange; its start-up does not count against the timeout.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface ServiceProbe {

  /**
   * Probes a service.
   *
   * @param context the service, its timeout, and the tools to speak to it
   * @return the result of {@link ProbeContext#up(String)} or {@link ProbeContext#degraded}
   * @throws Exception a {@link ProbeFailure}, or anything for {@link #classify} and the framework
   */
  ProbeResult probe(ProbeContext context) throws Exception;

  /**
   * Whether the first bytes a peer sent to a line of text ({@code PING\r\n}) on a second connection
   * come from a server of this probe's protocol: asked when the peer is silent or closes, to tell a
   * hung or dying server from a server of another protocol on the port.
   *
   * @param answer the first bytes, at least one
   * @return true when they are this protocol's (a slow server of the right kind)
   */
  default boolean recognises(byte[] answer) {
    return false;
  }

  /**
   * Reads protocol-specific failures (credentials, missing database) from an exception that a
   * client library threw; the framework classifies what this leaves.
   *
   * @param service the service
   * @param thrown the exception
   * @return the diagnosis, or empty to leave it to the framework
   */
  default Optional<ProbeFailure> classify(ServiceDefinition service, Exception thrown) {
    return Optional.empty();
  }
}
