package io.infraaware.service;

import io.infraaware.config.InfraConfigurationException;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What InfraAware may start for a declared service when nothing answers at its URL: {@code
 * infra.services.<name>.provision}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public enum Provision {
  /** Nothing: an unavailable service skips its tests (or fails them in require mode). */
  NONE,
  /** A real server from a library that ships its binaries (embedded PostgreSQL, Redis). */
  EMBEDDED,
  /** A container through Testcontainers, from {@code infra.services.<name>.image}. */
  CONTAINER,
  /** The configured service if it answers, else embedded, else a container. */
  AUTO;

  /**
   * Parses a value, ignoring case.
   *
   * @param key the key, named in the error
   * @param value the value
   * @return the provision
   * @throws InfraConfigurationException for anything but none, embedded, container or auto
   */
  public static Provision parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InfraConfigurationException.invalid(
          key, value, "expected none, embedded, container or auto");
    }
  }
}
