package io.infraaware.service;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.config.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a service is and how to log in to it: what a test needs to build its own client.
 *
 * <p>{@link #toString()} masks the password and URL user-info, so an endpoint can be logged.
 *
 * @since 0.1.0
 */
public final class ServiceEndpoint {

  private final String name;
  private final ServiceKind kind;
  private final String url;
  private final String host;
  private final int port;
  private final String username;
  private final String password;

  private ServiceEndpoint(
      String name,
      ServiceKind kind,
      String url,
      String host,
      int port,
      String username,
      String password) {
    this.name = name;
    this.kind = kind;
    this.url = url;
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
  }

  /**
   * Parses a service URL.
   *
   * @param name the service name
   * @param urlKey the configuration key the URL came from, named in errors
   * @param url the URL; its scheme decides the kind
   * @param username the configured user, or null to take it from the URL
   * @param password the configured password, or null to take it from the URL
   * @return the endpoint
   * @throws InfraConfigurationException when the URL is malformed or its scheme unknown
   */
  public static ServiceEndpoint parse(
      String name, String urlKey, String url, String username, String password) {
    String trimmed = url.trim();
    ServiceKind kind =
        ServiceKind.ofUrl(trimmed)
            .orElseThrow(
                () ->
                    InfraConfigurationException.invalid(
                        urlKey,
                        url,
                        "unknown scheme; expected jdbc:postgresql:, redis:, rediss:, http:, https:,"
                            + " ws:, wss: or tcp:"));
    URI uri = toUri(urlKey, trimmed, kind);
    String host = uri.getHost();
    if (host == null || host.isBlank()) {
      throw InfraConfigurationException.invalid(urlKey, url, "the URL names no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean secure = trimmed.toLowerCase(Locale.ROOT).matches("^(rediss|https|wss)://.*");
    int port = uri.getPort() >= 0 ? uri.getPort() : kind.defaultPort(secure);
    if (port <= 0 || port > 65535) {
      throw InfraConfigurationException.invalid(urlKey, url, "the URL names no valid port");
    }
    String user = username;
    String pass = password;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      if (user == null && !parts[0].isEmpty()) {
        user = decode(parts[0]);
      }
      if (pass == null && parts.length == 2) {
        pass = decode(parts[1]);
      }
    }
    if (kind == ServiceKind.POSTGRES && uri.getRawQuery() != null) {
      for (String parameter : uri.getRawQuery().split("&")) {
        String[] pair = parameter.split("=", 2);
        if (pair.length == 2 && user == null && pair[0].equals("user")) {
          user = decode(pair[1]);
        } else if (pair.length == 2 && pass == null && pair[0].equals("password")) {
          pass = decode(pair[1]);
        }
      }
    }
    // PostgreSQL's driver reads no user-info: hand it the URL without, the credentials apart.
    String effective =
        kind == ServiceKind.POSTGRES && uri.getRawUserInfo() != null
            ? "jdbc:" + rebuild(urlKey, url, uri, null, host, port)
            : trimmed;
    return new ServiceEndpoint(name, kind, effective, host, port, user, pass);
  }

  private static String rebuild(
      String urlKey, String original, URI uri, String userInfo, String host, int port) {
    try {
      return new URI(
              uri.getScheme(),
              userInfo,
              host,
              port,
              uri.getPath(),
              uri.getQuery(),
              uri.getFragment())
          .toString();
    } catch (URISyntaxException e) {
      throw InfraConfigurationException.invalid(
          urlKey, original, "malformed URL: " + e.getReason());
    }
  }

  private static URI toUri(String urlKey, String url, ServiceKind kind) {
    String text = kind == ServiceKind.POSTGRES ? url.substring("jdbc:".length()) : url;
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw InfraConfigurationException.invalid(urlKey, url, "malformed URL: " + e.getReason());
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /**
   * The service's name, as in {@code infra.services.<name>.url}.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The kind of service.
   *
   * @return the kind
   */
  public ServiceKind kind() {
    return kind;
  }

  /**
   * The URL as configured, secrets included: use it to connect, never to print.
   *
   * @return the URL
   */
  public String url() {
    return url;
  }

  /**
   * The URL with its secrets masked, for messages.
   *
   * @return the masked URL
   */
  public String maskedUrl() {
    return Secrets.maskUrl(url);
  }

  /**
   * The host name or address.
   *
   * @return the host, without IPv6 brackets
   */
  public String host() {
    return host;
  }

  /**
   * The port, the kind's default when the URL names none.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * {@code host:port}, with brackets around an IPv6 address.
   *
   * @return the address
   */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * Whether the URL asks for TLS ({@code rediss}, {@code https}, {@code wss}).
   *
   * @return true for TLS schemes
   */
  public boolean secure() {
    return url.toLowerCase(Locale.ROOT).matches("^(rediss|https|wss)://.*");
  }

  /**
   * The configured user name.
   *
   * @return the user, from the username key or the URL
   */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /**
   * The configured password; never print it.
   *
   * @return the password, from the password key or the URL
   */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /**
   * This endpoint at another address, with the URL rewritten to match: how a test reaches a service
   * through a proxy or a container's mapped port.
   *
   * @param newHost the new host
   * @param newPort the new port
   * @return the rewritten endpoint
   */
  public ServiceEndpoint withAddress(String newHost, int newPort) {
    String prefix = kind == ServiceKind.POSTGRES ? "jdbc:" : "";
    URI uri = toUri(name, url, kind);
    String userInfo = uri.getRawUserInfo() == null ? null : decode(uri.getRawUserInfo());
    String moved = rebuild(name, maskedUrl(), uri, userInfo, newHost, newPort);
    return new ServiceEndpoint(name, kind, prefix + moved, newHost, newPort, username, password);
  }

  /**
   * The URL without user-info, for clients that take credentials apart (and might print the URL).
   *
   * @return e.g. {@code http://127.0.0.1:8080/api} for {@code http://app:s3cret@127.0.0.1:8080/api}
   */
  public String urlWithoutUserInfo() {
    URI uri = toUri(name, url, kind);
    if (uri.getRawUserInfo() == null) {
      return url;
    }
    return (kind == ServiceKind.POSTGRES ? "jdbc:" : "")
        + rebuild(name, maskedUrl(), uri, null, host, port);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ServiceEndpoint)) {
      return false;
    }
    ServiceEndpoint that = (ServiceEndpoint) other;
    return name.equals(that.name)
        && url.equals(that.url)
        && Objects.equals(username, that.username)
        && Objects.equals(password, that.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, url, username);
  }

  @Override
  public String toString() {
    return "ServiceEndpoint[" + name + " " + kind.displayName() + " " + maskedUrl() + "]";
  }
}
