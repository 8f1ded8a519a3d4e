package io.infraaware.config;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What happens to a test whose service is unavailable.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum InfraMode {
  /** The test is skipped with the diagnosis as its reason: the default for laptops. */
  SKIP,
  /** The test fails with the diagnosis: for CI, which must never go green by skipping. */
  REQUIRE;

  /**
   * Parses {@code skip} or {@code require}, ignoring case.
   *
   * @param key the key the value came from, named in the error
   * @param value the value
   * @return the mode
   * @throws InfraConfigurationException when the value is neither
   */
  public static InfraMode parse(String key, String value) {
    String normalized = value.trim().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case "skip":
        return SKIP;
      case "require":
        return REQUIRE;
      default:
        throw InfraConfigurationException.invalid(key, value, "expected skip or require");
    }
  }
}
