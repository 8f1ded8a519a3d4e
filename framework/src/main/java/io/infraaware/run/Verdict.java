package io.infraaware.run;

import io.infraaware.config.InfraConfigurationException;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What InfraAware decided for a {@link Requirement}: run, skip with a diagnosis, or fail. A test
 * runner only translates it: JUnit's extension turns a skip into a disabled condition and a failure
 * into the exception it throws.
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public sealed interface Verdict {

  /**
   * Everything needed is usable.
   *
   * @param services the services judged, and {@code toxiproxy} when the server was needed
   */
  record Available(List<String> services) implements Verdict {
    /** Copies the list. */
    public Available {
      services = List.copyOf(services);
    }
  }

  /**
   * A service is unavailable and the run skips what needs it.
   *
   * @param reason the diagnosis of every unavailable service: what, where, why, how to fix
   */
  record Skipped(String reason) implements Verdict {
    /** Checks the reason. */
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * What needs the services must fail.
   *
   * @param failure the exception to fail with: an {@link InfraConfigurationException} for
   *     misconfiguration, a {@link ServiceUnavailableException} in {@code require} mode or beyond
   *     the skip budget
   */
  record Failed(RuntimeException failure) implements Verdict {
    /** Checks the failure. */
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }

    /**
     * Whether the failure is the configuration's, not the infrastructure's.
     *
     * @return true for misconfiguration
     */
    public boolean misconfigured() {
      return failure instanceof InfraConfigurationException;
    }
  }
}
