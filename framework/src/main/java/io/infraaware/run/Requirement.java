package io.infraaware.run;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a test class or method needs from the infrastructure, as a test runner states it to {@link
 * InfraRun#decide(Requirement)}.
 *
 * @param services the names of the services it needs, as in {@code infra.services.<name>.url}
 * @param proxies whether it needs the run's Toxiproxy server (a proxy of its own, a proxied
 *     service)
 * @param tests how many tests a skip or a failure stands for: 1 for a method, a class's tests for a
 *     class
 * @param displayName how the runner names it, for the line printed when it is skipped
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public record Requirement(List<String> services, boolean proxies, int tests, String displayName) {

  /** Checks and copies the components. */
  public Requirement {
    services = List.copyOf(services);
    Objects.requireNonNull(displayName, "displayName");
    if (tests < 0) {
      throw new IllegalArgumentException("tests cannot be negative, was " + tests);
    }
  }

  /**
   * Whether there is anything to decide: no service and no proxy is always available.
   *
   * @return true when a service or the Toxiproxy server is needed
   */
  public boolean needsAnything() {
    return !services.isEmpty() || proxies;
  }
}
