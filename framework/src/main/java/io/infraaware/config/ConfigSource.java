package io.infraaware.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Where configuration values come from: a function from a dotted key to an optional value.
 *
 * <p>Sources compose with {@link #or(ConfigSource)}: the first source that has a non-blank value
 * wins.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@FunctionalInterface
public interface ConfigSource {

  /**
   * Looks up a key.
   *
   * @param key a lower-case dotted key such as {@code infra.services.postgres.url}
   * @return the value, or empty when this source does not set the key
   */
  Optional<String> get(String key);

  /**
   * A source that asks this one first and {@code fallback} when this one has no value.
   *
   * @param fallback the source asked second
   * @return the combined source
   */
  default ConfigSource or(ConfigSource fallback) {
    Objects.requireNonNull(fallback, "fallback");
    return key -> {
      Optional<String> value = get(key).filter(v -> !v.isBlank());
      return value.isPresent() ? value : fallback.get(key);
    };
  }

  /**
   * A source backed by a map of dotted keys.
   *
   * @param values the values
   * @return the source
   */
  static ConfigSource of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return new ConfigSource() {
      @Override
      public Optional<String> get(String key) {
        return Optional.ofNullable(copy.get(key));
      }

      @Override
      public Set<String> keys() {
        return copy.keySet();
      }
    };
  }

  /**
   * The keys this source can list, for the check of unknown {@code infra.*} keys: dotted keys, or
   * environment variables' names ({@code INFRA_PROBE_TIMEOUT}). Sources that cannot list their keys
   * return none.
   *
   * @return the keys
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  default Set<String> keys() {
    return Set.of();
  }

  /**
   * A source backed by environment variables, read as {@link #environmentName(String)} names.
   *
   * @param environment the environment, usually {@link System#getenv()}
   * @return the source
   */
  static ConfigSource environment(Map<String, String> environment) {
    Map<String, String> copy = Map.copyOf(environment);
    return key -> Optional.ofNullable(copy.get(environmentName(key)));
  }

  /**
   * The environment variable that sets a key: upper case, dots and dashes become underscores.
   *
   * @param key e.g. {@code infra.services.backend.health-path}
   * @return e.g. {@code INFRA_SERVICES_BACKEND_HEALTH_PATH}
   */
  static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
