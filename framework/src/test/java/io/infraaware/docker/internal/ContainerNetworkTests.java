package io.infraaware.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.proxy.ChaosException;
import io.infraaware.service.ServiceEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How proxies on a Toxiproxy container are addressed, without Docker: the mapping alone. */
class ContainerNetworkTests {

  private final List<Integer> exposed = new ArrayList<>();
  private final ContainerNetwork network =
      new ContainerNetwork("localhost", 8666, 8667, port -> port + 40000, exposed::add);

  @Test
  void proxiesListenOnExposedPortsAndAreReachedThroughTheirMappedPorts() {
    assertThat(network.listenAddress("a")).isEqualTo("0.0.0.0:8666");
    assertThat(network.listenAddress("b")).isEqualTo("0.0.0.0:8667");
    assertThat(network.listenAddress("a"))
        .as("the same proxy keeps its port")
        .isEqualTo("0.0.0.0:8666");
    assertThat(network.reach("0.0.0.0:8667").getHostString()).isEqualTo("localhost");
    assertThat(network.reach("0.0.0.0:8667").getPort()).isEqualTo(48667);
  }

  @Test
  void aReleasedPortIsHandedOutAgainAndRunningOutSaysWhy() {
    network.listenAddress("a");
    network.listenAddress("b");
    assertThatThrownBy(() -> network.listenAddress("c"))
        .isInstanceOf(ChaosException.class)
        .hasMessageContaining("all 2 exposed proxy ports are in use, so proxy [c] has none");
    network.released("a");
    assertThat(network.listenAddress("c")).isEqualTo("0.0.0.0:8666");
  }

  @Test
  void servicesOnTheTestsLoopbackAreReachedThroughTheHostAlias() {
    ServiceEndpoint local =
        io.infraaware.testing.TestServices.endpoint("db", "redis://127.0.0.1:6379");
    assertThat(network.upstream(local)).isEqualTo("host.testcontainers.internal:6379");
    assertThat(exposed).containsExactly(6379);
    ServiceEndpoint remote =
        io.infraaware.testing.TestServices.endpoint("db", "redis://cache.example.invalid:6380");
    assertThat(network.upstream(remote)).isEqualTo("cache.example.invalid:6380");
    assertThat(exposed).as("only loopback ports need exposing").containsExactly(6379);
  }
}
