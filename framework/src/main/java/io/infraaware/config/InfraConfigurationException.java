package io.infraaware.config;

import io.infraaware.config.internal.Secrets;
import org.apiguardian.api.API;

/**
 * Thrown when InfraAware's configuration is wrong: a key is missing, or its value cannot be used.
 *
 * <p>The message always names the key and the (masked) value, so the fix is obvious from a CI log.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class InfraConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates an exception for {@code key}; {@code message} must already name the key and value.
   *
   * @param key the configuration key that is wrong
   * @param message what is wrong, naming the key and value
   */
  public InfraConfigurationException(String key, String message) {
    super(message);
    this.key = key;
  }

  /**
   * Creates an exception for a key whose value cannot be used.
   *
   * @param key the configuration key
   * @param value the rejected value, masked before it is shown
   * @param problem why the value cannot be used
   * @return the exception
   */
  public static InfraConfigurationException invalid(String key, String value, String problem) {
    return new InfraConfigurationException(
        key, "Invalid configuration " + key + "=[" + Secrets.mask(key, value) + "]: " + problem);
  }

  /**
   * Creates an exception for a key that must be set but is not.
   *
   * @param key the missing key
   * @param problem what needed the key
   * @return the exception
   */
  public static InfraConfigurationException missing(String key, String problem) {
    return new InfraConfigurationException(
        key,
        "Missing configuration "
            + key
            + ": "
            + problem
            + " (set it in src/test/resources/infraaware.properties, as -D"
            + key
            + "=... or as environment variable "
            + ConfigSource.environmentName(key)
            + ")");
  }

  /**
   * The configuration key that is wrong.
   *
   * @return the key, e.g. {@code infra.probe.timeout}
   */
  public String key() {
    return key;
  }
}
