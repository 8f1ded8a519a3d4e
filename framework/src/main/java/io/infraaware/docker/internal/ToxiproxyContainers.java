package io.infraaware.docker.internal;

import io.infraaware.proxy.ChaosControl;
import java.net.URI;
import java.time.Duration;
import org.apiguardian.api.API;
import org.testcontainers.Testcontainers;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Toxiproxy in a Testcontainers container, for runs that want the real server and have Docker.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ToxiproxyContainers {

  /** The image used unless another is configured: the release the embedded server follows. */
  public static final String DEFAULT_IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";

  // What Testcontainers' ToxiproxyContainer exposes: its API and 32 ports for proxies.
  private static final int API_PORT = 8474;
  private static final int FIRST_PROXY_PORT = 8666;
  private static final int LAST_PROXY_PORT = 8697;

  private ToxiproxyContainers() {}

  /**
   * Starts a Toxiproxy container (with traffic counters on) and controls it; closing the control
   * stops the container. Needs Docker: ask {@link DockerAvailability} first.
   *
   * @param image the image, e.g. {@value #DEFAULT_IMAGE}
   * @param timeout the bound on every call to its API
   * @return the control
   */
  public static ChaosControl start(String image, Duration timeout) {
    ToxiproxyContainer container =
        new ToxiproxyContainer(
                DockerImageName.parse(image)
                    .asCompatibleSubstituteFor(DockerImageName.parse("ghcr.io/shopify/toxiproxy")))
            // -proxy-metrics: scenarios verify from the byte counters that their faults landed
            .withCommand("-host=0.0.0.0", "-proxy-metrics")
            .withAccessToHost(true);
    try {
      // inside the try: a container whose wait strategy fails is left running by Testcontainers
      container.start();
      String host = container.getHost();
      URI api = URI.create("http://" + host + ":" + container.getMappedPort(API_PORT));
      ContainerNetwork network =
          new ContainerNetwork(
              host,
              FIRST_PROXY_PORT,
              LAST_PROXY_PORT,
              container::getMappedPort,
              Testcontainers::exposeHostPorts);
      return ChaosControl.owning(api, timeout, container::stop, network);
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }
}
