package io.infraaware.spi;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Adds a kind of service to InfraAware: its URL schemes, its probe, and the client types that
 * {@code @Service} parameters of that kind may have. Found through {@link java.util.ServiceLoader}:
 * list the implementation in {@code META-INF/services/io.infraaware.spi.ServiceKindProvider}. The
 * built-in kinds (PostgreSQL, Redis, MySQL, RabbitMQ, NATS, MQTT, Kafka, HTTP, WebSocket, TCP) are
 * providers too.
 *
 * <p>An implementation must load without its client library: refer to the library's classes only
 * from code that runs after {@link ClientType#available()} (Spring Boot's rule for optional
 * dependencies), so that a project that lacks it still runs. See {@code docs/writing-a-probe.md}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public interface ServiceKindProvider {

  /**
   * The kind this provider adds.
   *
   * @return the kind; its schemes must not clash with another provider's
   */
  ServiceKind kind();

  /**
   * The probe for services of this kind; called once per run.
   *
   * @return the probe
   */
  ServiceProbe probe();

  /**
   * The types a {@code @Service} parameter of this kind may have, besides {@code ServiceEndpoint}.
   *
   * @return the client types, possibly none
   */
  default List<ClientType> clientTypes() {
    return List.of();
  }

  /**
   * This kind's own wording of a fix, where the generic one would be vague (what a missing resource
   * is for this protocol).
   *
   * @param code the diagnosis
   * @param service the service
   * @return the hint, or empty for the generic one
   */
  default Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    return Optional.empty();
  }

  /**
   * Whether an exception a test got from this kind's client library says the connection failed (a
   * refused, reset or timed-out connection, a closed channel), as opposed to an answer the
   * application did not like. InfraAware asks this, after its own checks of the JDK's exceptions,
   * SQL states and well-known clients, when a test fails: a connection-level failure makes it probe
   * the service again, and a service that went away turns the failure into an infrastructure
   * verdict.
   *
   * @param thrown one exception of the failure's cause chain
   * @return true for a connection-level failure
   * @since 0.2.0
   */
  default boolean isConnectionFailure(Throwable thrown) {
    return false;
  }

  /**
   * Whether a client of this kind that connects through a proxy stays on it. Some protocols hand
   * their clients other addresses to go on with (Kafka's advertised listeners, a cluster's member
   * list): a client that follows them leaves the proxy, and no fault injected there reaches it.
   * InfraAware asks this once for each proxy that a test's {@code @Service} parameters make, and
   * fails the test with the answer rather than let a chaos test pass around its fault.
   *
   * @param upstream the service the proxy forwards to
   * @param proxy where the proxy listens
   * @param timeout the bound on each exchange
   * @return empty when clients stay on the proxy (or it cannot be told now); otherwise what they
   *     would do instead and how to fix it, without secrets
   * @since 0.2.0
   */
  default Optional<String> proxyBypass(
      ServiceEndpoint upstream, ServiceEndpoint proxy, Duration timeout) {
    return Optional.empty();
  }
}
