package io.infraaware.service;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A URL scheme of a service kind: its name, whether it means TLS, and the port when the URL names
 * none. JDBC schemes keep their {@code jdbc:} prefix: {@code jdbc:postgresql}.
 *
 * @param name the scheme without {@code ://}, lower case, e.g. {@code rediss}
 * @param secure whether the scheme means TLS
 * @param defaultPort the port when the URL names none, or -1 when a URL must name one
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record UrlScheme(String name, boolean secure, int defaultPort) {

  private static final Pattern NAME = Pattern.compile("(jdbc:)?[a-z][a-z0-9+.-]*");

  /** Checks the components. */
  public UrlScheme {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "A URL scheme is lower case, like redis or jdbc:postgresql, was [" + name + "]");
    }
    if (defaultPort != -1 && (defaultPort < 1 || defaultPort > 65535)) {
      throw new IllegalArgumentException("Bad default port " + defaultPort + " for " + name);
    }
  }

  /**
   * A plain scheme.
   *
   * @param name e.g. {@code redis}
   * @param defaultPort e.g. 6379, or -1 when URLs must name a port
   * @return the scheme
   */
  public static UrlScheme of(String name, int defaultPort) {
    return new UrlScheme(name.toLowerCase(Locale.ROOT), false, defaultPort);
  }

  /**
   * A scheme that means TLS.
   *
   * @param name e.g. {@code rediss}
   * @param defaultPort e.g. 6379
   * @return the scheme
   */
  public static UrlScheme secure(String name, int defaultPort) {
    return new UrlScheme(name.toLowerCase(Locale.ROOT), true, defaultPort);
  }

  /**
   * What URLs of this scheme start with, e.g. {@code rediss://}.
   *
   * @return the prefix
   */
  public String prefix() {
    return name + "://";
  }
}
