package io.infraaware.config.internal;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.InfraConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Every {@code infra.*} key InfraAware reads, so a misspelt one ({@code infra.probe.timout}) is
 * reported with the closest known key instead of being silently ignored.
 *
 * @since 0.2.0
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class KnownKeys {

  /** The run-wide keys of every module (the chaos module's read as system properties). */
  public static final Set<String> GLOBAL =
      Set.of(
          "infra.mode",
          "infra.probe.timeout",
          "infra.compose.file",
          "infra.max-skipped",
          "infra.report.dir",
          "infra.toxiproxy.url",
          "infra.toxiproxy.timeout",
          "infra.toxiproxy.seed",
          "infra.toxiproxy.port",
          "infra.toxiproxy.container",
          "infra.toxiproxy.image",
          "infra.time-scale",
          "infra.build.id",
          "infra.probe.reuse-within",
          "infra.attribution",
          "infra.probe.early",
          "infra.chaos.seed",
          "infra.chaos.report.dir");

  /** The properties of a service, {@code infra.services.<name>.<property>}. */
  public static final Set<String> SERVICE_PROPERTIES =
      Set.of(
          "url",
          "username",
          "password",
          "health-path",
          "proxy",
          "proxy-port",
          "isolation",
          "probe-timeout",
          "image",
          "compose-service",
          "provision");

  private static final Pattern SERVICE_KEY = Pattern.compile("infra\\.services\\.([^.]+)\\.(.+)");

  private KnownKeys() {}

  /**
   * Whether InfraAware reads a key; environment names ({@code INFRA_PROBE_TIMEOUT}) are understood.
   *
   * @param key a dotted key or an environment variable's name
   * @return true when known
   */
  public static boolean isKnown(String key) {
    if (isEnvironmentName(key)) {
      for (String known : GLOBAL) {
        if (ConfigSource.environmentName(known).equals(key)) {
          return true;
        }
      }
      if (key.startsWith("INFRA_SERVICES_")) {
        String tail = key.substring("INFRA_SERVICES_".length());
        for (String property : SERVICE_PROPERTIES) {
          String suffix = "_" + ConfigSource.environmentName(property);
          if (tail.endsWith(suffix) && tail.length() > suffix.length()) {
            return true;
          }
        }
      }
      return false;
    }
    if (GLOBAL.contains(key)) {
      return true;
    }
    Matcher service = SERVICE_KEY.matcher(key);
    return service.matches() && SERVICE_PROPERTIES.contains(service.group(2));
  }

  /**
   * Whether a name is an environment variable's rather than a dotted key.
   *
   * @param key the name
   * @return true for {@code INFRA_...}
   */
  public static boolean isEnvironmentName(String key) {
    return key.startsWith("INFRA_");
  }

  /**
   * The known key closest to an unknown one, for "did you mean".
   *
   * @param key the unknown key
   * @return the closest key, if one is near enough to be a misspelling
   */
  public static Optional<String> closest(String key) {
    boolean environment = isEnvironmentName(key);
    String dotted = environment ? key.toLowerCase(Locale.ROOT).replace('_', '.') : key;
    List<String> candidates = new ArrayList<>(GLOBAL);
    Matcher service = SERVICE_KEY.matcher(dotted);
    if (service.matches()) {
      for (String property : SERVICE_PROPERTIES) {
        candidates.add("infra.services." + service.group(1) + "." + property);
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String compared = environment ? candidate.replace('-', '.') : candidate;
      int distance = distance(dotted, compared);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    if (best == null || bestDistance > Math.max(3, key.length() / 4)) {
      return Optional.empty();
    }
    return Optional.of(environment ? ConfigSource.environmentName(best) : best);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * The names of the services whose URL a list of keys sets ({@code infra.services.<name>.url}, or
   * its environment variable for a name without {@code -} or {@code _}, which the variable could
   * not tell apart), as a {@link ConfigSource#keys()} lists them.
   *
   * @param keys dotted keys and environment variables' names
   * @return the names, sorted
   * @since 0.2.0
   */
  public static java.util.SortedSet<String> servicesWithUrl(java.util.Set<String> keys) {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    String variablePrefix = ConfigSource.environmentName(InfraConfig.SERVICES_PREFIX);
    for (String key : keys) {
      String name = null;
      if (key.startsWith(InfraConfig.SERVICES_PREFIX) && key.endsWith(".url")) {
        name = key.substring(InfraConfig.SERVICES_PREFIX.length(), key.length() - ".url".length());
      } else if (key.startsWith(variablePrefix) && key.endsWith("_URL")) {
        String middle = key.substring(variablePrefix.length(), key.length() - "_URL".length());
        name = middle.contains("_") ? null : middle.toLowerCase(java.util.Locale.ROOT);
      }
      if (name != null && !name.isEmpty() && !name.contains(".")) {
        names.add(name);
      }
    }
    return names;
  }
}
