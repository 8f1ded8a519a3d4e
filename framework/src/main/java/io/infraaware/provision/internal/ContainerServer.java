package io.infraaware.provision.internal;

import io.infraaware.service.ServiceEndpoint;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The service's image in a Testcontainers container, its default port mapped to the host; loaded
 * only when Testcontainers is present.
 */
final class ContainerServer implements ProvisionedServer {

  static final String LIBRARY_CLASS = "org.testcontainers.containers.GenericContainer";
  static final String ARTIFACT = "org.testcontainers:testcontainers";

  private final GenericContainer<?> container;
  private final ServiceEndpoint endpoint;
  private final String image;
  private boolean closed;

  private ContainerServer(GenericContainer<?> container, ServiceEndpoint endpoint, String image) {
    this.container = container;
    this.endpoint = endpoint;
    this.image = image;
  }

  static ProvisionedServer start(ServiceEndpoint configured, String image, int port) {
    GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(image)).withExposedPorts(port);
    try {
      container.start();
      return new ContainerServer(
          container,
          configured.withAddress(container.getHost(), container.getMappedPort(port)),
          image);
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }

  @Override
  public ServiceEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public String description() {
    return "a container of image " + image;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      container.stop();
    }
  }
}
