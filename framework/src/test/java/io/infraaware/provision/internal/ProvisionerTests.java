package io.infraaware.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.docker.internal.DockerAvailability;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What provisioning says when it cannot provision; starting real servers is in ProvisioningIT. */
class ProvisionerTests {

  @TempDir Path directory;

  private final Map<String, String> settings =
      new HashMap<>(Map.of("infra.probe.timeout", "500ms"));

  private Provisioner.Outcome provision(String url, String provision) {
    settings.put("infra.services.svc.url", url);
    settings.put("infra.services.svc.provision", provision);
    ServiceDefinition service = TestServices.define(settings, "svc");
    try (ProbeCache probes = TestServices.PROVIDERS.probeCache(TestServices.config(settings));
        Provisioner provisioner =
            new Provisioner(directory, DockerAvailability.using(() -> false))) {
      ProbeResult unavailable = probes.probe(service);
      return provisioner.provision(service, unavailable, probes);
    }
  }

  @Test
  void noneLeavesTheDiagnosisAsItIs() {
    Provisioner.Outcome outcome =
        provision("amqp://127.0.0.1:" + LoopbackServer.closedPort(), "none");
    assertThat(outcome.result().describe()).doesNotContain("provision");
  }

  @Test
  void embeddedForAKindWithoutOneIsAConfigurationError() {
    assertThatThrownBy(
            () -> provision("amqp://127.0.0.1:" + LoopbackServer.closedPort(), "embedded"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Invalid configuration infra.services.svc.provision=[embedded]: RabbitMQ has no"
                + " embedded option (only PostgreSQL, Redis and Kafka have one); use container with"
                + " infra.services.svc.image, or none");
  }

  @Test
  void aContainerWithoutAnImageIsAConfigurationError() {
    assertThatThrownBy(
            () -> provision("nats://127.0.0.1:" + LoopbackServer.closedPort(), "container"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("a container needs an image");
  }

  @Test
  void autoSaysWhatItTriedWhenNothingCouldBeStarted() {
    settings.put("infra.services.svc.image", "nats:2.10");
    Provisioner.Outcome outcome =
        provision("nats://127.0.0.1:" + LoopbackServer.closedPort(), "auto");
    assertThat(outcome.result().status().isUsable()).isFalse();
    assertThat(outcome.result().diagnosis().orElseThrow().hint())
        .endsWith(
            "infra.services.svc.provision=auto, but nothing was provisioned: NATS has no embedded"
                + " option (only PostgreSQL, Redis and Kafka have one); use container with"
                + " infra.services.svc.image, or none; no container: Docker is not available here"
                + " (Testcontainers found no Docker environment), so image [nats:2.10] was not"
                + " started");
  }
}
