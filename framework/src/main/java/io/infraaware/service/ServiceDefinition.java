package io.infraaware.service;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A service as configured under {@code infra.services.<name>.*}: its endpoint and how to probe, fix
 * and proxy it.
 *
 * @param endpoint where the service is
 * @param healthPath the HTTP path probed for {@link ServiceKind#HTTP} services
 * @param proxy whether chaos tests put a Toxiproxy proxy in front of the service
 * @param image a container image that Testcontainers may start when the service is down
 * @param composeService the docker-compose service named in fix hints
 * @param probeTimeout how long one probe of this service may take
 * @since 0.1.0
 */
public record ServiceDefinition(
    ServiceEndpoint endpoint,
    String healthPath,
    boolean proxy,
    Optional<String> image,
    String composeService,
    Duration probeTimeout) {

  /** Checks the components. */
  public ServiceDefinition {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(healthPath, "healthPath");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(composeService, "composeService");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
  }

  /**
   * The service's name.
   *
   * @return the name
   */
  public String name() {
    return endpoint.name();
  }

  /**
   * The service's kind.
   *
   * @return the kind
   */
  public ServiceKind kind() {
    return endpoint.kind();
  }
}
