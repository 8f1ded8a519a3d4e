package io.infraaware.service;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.config.internal.Secrets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Where a service is and how to log in to it: what a test needs to build its own client.
 *
 * <p>{@link #toString()} and {@link #maskedUrl()} mask the password and URL user-info, so an
 * endpoint can be logged. User-info is read up to the last {@code @} before the host, so an
 * unencoded {@code @} or {@code :} in a password works; a URL where it is ambiguous (an {@code @}
 * after a {@code /}) is refused with a request to percent-encode.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ServiceEndpoint {

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");

  // PostgreSQL's sslmode values, as libpq and the JDBC driver take them
  private static final java.util.List<String> SSL_MODES =
      java.util.List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private final String name;
  private final ServiceKind kind;
  private final UrlScheme scheme;
  private final String userInfo;
  private final String host;
  private final int port;
  private final String rest;
  private final String username;
  private final String password;

  private ServiceEndpoint(
      String name,
      ServiceKind kind,
      UrlScheme scheme,
      String userInfo,
      String host,
      int port,
      String rest,
      String username,
      String password) {
    this.name = name;
    this.kind = kind;
    this.scheme = scheme;
    this.userInfo = userInfo;
    this.host = host;
    this.port = port;
    this.rest = rest;
    this.username = username;
    this.password = password;
    Secrets.remember(password);
    if (userIsToken()) {
      Secrets.remember(username);
    }
  }

  /** {@code nats://token@host}: user-info without a password is a token, not a user name. */
  private boolean userIsToken() {
    return password == null && username != null && scheme.name().startsWith("nats");
  }

  /**
   * Parses a service URL of a known kind.
   *
   * @param name the service name
   * @param urlKey the configuration key the URL came from, named in errors
   * @param url the URL
   * @param kind the kind its scheme selects
   * @param username the configured user, or null to take it from the URL
   * @param password the configured password, or null to take it from the URL
   * @return the endpoint
   * @throws InfraConfigurationException when the URL is malformed
   */
  public static ServiceEndpoint parse(
      String name, String urlKey, String url, ServiceKind kind, String username, String password) {
    Objects.requireNonNull(url, "url");
    String trimmed = url.trim();
    refuseControlCharacters(urlKey, trimmed);
    UrlScheme scheme =
        kind.schemeOf(trimmed)
            .orElseThrow(
                () ->
                    invalid(
                        urlKey,
                        url,
                        "not a " + kind.displayName() + " URL; expected " + prefixes(kind)));
    String remainder = trimmed.substring(scheme.prefix().length());
    int queryStart = indexOfAny(remainder, "?#", 0);
    if (remainder.indexOf('@', queryStart) >= 0) {
      // redis://localhost:21999?Summer1secret@127.0.0.1:6379: a password holding '?' or '#' reads
      // as host, port and query; refused rather than guessed (and never printed)
      throw new InfraConfigurationException(
          urlKey,
          "Invalid configuration "
              + urlKey
              + ": an '@' follows a '?' or '#', so the user-info cannot be told from the query:"
              + " percent-encode '?' as %3F, '#' as %23 and '@' as %40 in the user name and"
              + " password (the value is not shown, as it may hold a password)");
    }
    int at = remainder.lastIndexOf('@', queryStart - 1);
    String rawUserInfo = null;
    if (at >= 0) {
      rawUserInfo = remainder.substring(0, at);
      if (rawUserInfo.indexOf('/') >= 0) {
        throw invalid(
            urlKey,
            url,
            "an '@' follows a '/', so the user-info cannot be told from the path: percent-encode"
                + " '/' as %2F and '@' as %40 in the password (and '@' in a path)");
      }
      remainder = remainder.substring(at + 1);
    }
    int authorityEnd = indexOfAny(remainder, "/?#", 0);
    String authority = remainder.substring(0, authorityEnd);
    String afterAuthority = remainder.substring(authorityEnd);
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw invalid(urlKey, url, "an IPv6 address misses its ']'" + encodingHint(trimmed));
      }
      host = authority.substring(1, close);
      if (!IPV6.matcher(host).matches()) {
        throw invalid(urlKey, url, "[" + host + "] is not an IPv6 address");
      }
      String after = authority.substring(close + 1);
      if (after.startsWith(":")) {
        portText = after.substring(1);
      } else if (!after.isEmpty()) {
        throw invalid(urlKey, url, "unexpected text after the IPv6 address" + encodingHint(url));
      }
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
      if (host.isEmpty()) {
        throw invalid(urlKey, url, "the URL names no host" + encodingHint(url));
      }
      if (!HOST.matcher(host).matches()) {
        throw invalid(
            urlKey, url, "[" + printable(host) + "] is not a host name" + encodingHint(url));
      }
    }
    int port = scheme.defaultPort();
    if (portText != null) {
      port = portText.matches("\\d{1,5}") ? Integer.parseInt(portText) : -1;
    }
    if (port <= 0 || port > 65535) {
      throw invalid(urlKey, url, "the URL names no valid port" + encodingHint(url));
    }
    String user = username;
    String pass = password;
    if (rawUserInfo != null) {
      int colon = rawUserInfo.indexOf(':');
      String rawUser = colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon);
      if (user == null && !rawUser.isEmpty()) {
        user = decode(urlKey, url, rawUser);
      }
      if (pass == null && colon >= 0) {
        pass = decode(urlKey, url, rawUserInfo.substring(colon + 1));
      }
    }
    if (isJdbc(scheme)) {
      Map<String, String> query = query(urlKey, url, afterAuthority);
      String sslMode = query.get("sslmode");
      if (sslMode != null
          && scheme.name().startsWith("jdbc:postgresql")
          && !SSL_MODES.contains(sslMode)) {
        throw invalid(
            urlKey,
            url,
            "sslmode=["
                + (sslMode.matches("[A-Za-z0-9_-]{1,32}") ? sslMode : Secrets.MASK)
                + "] is not one of "
                + String.join(", ", SSL_MODES));
      }
      if (user == null && query.containsKey("user")) {
        user = query.get("user");
      }
      if (pass == null && query.containsKey("password")) {
        pass = query.get("password");
      }
    }
    return new ServiceEndpoint(
        name, kind, scheme, rawUserInfo, host, port, afterAuthority, user, pass);
  }

  private static boolean isJdbc(UrlScheme scheme) {
    return scheme.name().startsWith("jdbc:");
  }

  private static String prefixes(ServiceKind kind) {
    StringBuilder text = new StringBuilder();
    for (UrlScheme scheme : kind.schemes()) {
      text.append(text.length() == 0 ? "" : ", ").append(scheme.prefix());
    }
    return text.toString();
  }

  private static InfraConfigurationException invalid(String key, String url, String problem) {
    return InfraConfigurationException.invalid(key, url, problem);
  }

  /** A part of a URL that may be malformed, safe to print. */
  private static String printable(String part) {
    return Secrets.mask("url", part);
  }

  private static void refuseControlCharacters(String key, String url) {
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw invalid(
            key,
            url,
            "the URL holds a control character at index "
                + i
                + ": percent-encode it (a tab as %09, a newline as %0A)");
      }
    }
  }

  private static String encodingHint(String url) {
    return url.indexOf('@') >= 0
        ? " (if the password contains '/', '?', '#' or '@', percent-encode them: %2F, %3F, %23,"
            + " %40)"
        : "";
  }

  private static int indexOfAny(String text, String characters, int from) {
    for (int i = from; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  private static Map<String, String> query(String key, String url, String afterAuthority) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int question = afterAuthority.indexOf('?');
    if (question < 0) {
      return parameters;
    }
    int hash = afterAuthority.indexOf('#', question);
    String query =
        afterAuthority.substring(question + 1, hash < 0 ? afterAuthority.length() : hash);
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        parameters.putIfAbsent(
            pair.substring(0, equals), decode(key, url, pair.substring(equals + 1)));
      }
    }
    return parameters;
  }

  /** Percent-decoding as RFC 3986 means it: '+' stays '+'. */
  private static String decode(String key, String url, String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()
            || Character.digit(text.charAt(i + 1), 16) < 0
            || Character.digit(text.charAt(i + 2), 16) < 0) {
          throw invalid(key, url, "a '%' that starts no percent-encoding (write '%' as %25)");
        }
        bytes.write(
            Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
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
   * The URL's scheme.
   *
   * @return the scheme
   */
  public UrlScheme scheme() {
    return scheme;
  }

  /**
   * The URL as configured, secrets included: use it to connect, never to print. JDBC URLs come
   * without user-info (JDBC drivers do not read it); the credentials are in {@link #username()} and
   * {@link #password()}.
   *
   * @return the URL
   */
  public String url() {
    if (isJdbc(scheme) || userInfo == null) {
      return urlWithoutUserInfo();
    }
    return scheme.prefix() + userInfo + "@" + address() + rest;
  }

  /**
   * The URL without user-info, for clients that take credentials apart (and might print the URL).
   *
   * @return e.g. {@code http://127.0.0.1:8080/api} for {@code http://app:s3cret@127.0.0.1:8080/api}
   */
  public String urlWithoutUserInfo() {
    return scheme.prefix() + address() + rest;
  }

  /**
   * The URL with its secrets masked, for messages.
   *
   * @return the masked URL
   */
  public String maskedUrl() {
    String masked =
        scheme.prefix()
            + (userInfo == null ? "" : Secrets.MASK + "@")
            + address()
            + Secrets.maskQuery(rest);
    return Secrets.removeSecrets(masked, password, userIsToken() ? username : null);
  }

  /**
   * What follows host and port in the URL: path, query and fragment, e.g. {@code /app?ssl=true}.
   *
   * @return the rest, possibly empty
   */
  public String pathAndQuery() {
    return rest;
  }

  /**
   * The URL's path without query or fragment, e.g. {@code /app}; empty when there is none.
   *
   * @return the path
   */
  public String path() {
    int end = indexOfAny(rest, "?#", 0);
    return rest.substring(0, end);
  }

  /**
   * A query parameter of the URL, percent-decoded.
   *
   * @param parameter the parameter's name
   * @return its value, if present
   */
  public Optional<String> queryParameter(String parameter) {
    return Optional.ofNullable(query(name, maskedUrl(), rest).get(parameter));
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
   * The port, the scheme's default when the URL names none.
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
   * Whether the URL's scheme means TLS ({@code rediss}, {@code https}, {@code wss}...).
   *
   * @return true for TLS schemes
   */
  public boolean secure() {
    return scheme.secure();
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
   * The user name as it may be printed: masked when it holds the password or 4 consecutive
   * characters of it, or when it is a token ({@code nats://token@host}).
   *
   * @return the user, or empty
   */
  public Optional<String> printableUsername() {
    return username()
        .map(user -> userIsToken() || Secrets.reveals(user, password) ? Secrets.MASK : user);
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
   * Masks this endpoint's secrets in a text, for messages that quote a driver or the peer.
   *
   * @param text the text
   * @return the text with the password (and user-info in URLs) masked
   */
  public String scrub(String text) {
    return Secrets.scrub(text, password, userIsToken() ? username : null);
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
    return new ServiceEndpoint(
        name, kind, scheme, userInfo, newHost, newPort, rest, username, password);
  }

  /**
   * This endpoint with other credentials.
   *
   * @param newUsername the user, or null for none
   * @param newPassword the password, or null for none
   * @return the endpoint; outside JDBC its URL carries the credentials as (percent-encoded)
   *     user-info, as a configured URL with user-info does, so that a client given only {@link
   *     #url()} (Lettuce's {@code RedisURI.create}, an AMQP factory) logs in
   */
  public ServiceEndpoint withCredentials(String newUsername, String newPassword) {
    String info = null;
    if (!isJdbc(scheme) && (newUsername != null || newPassword != null)) {
      info =
          (newUsername == null ? "" : encode(newUsername))
              + (newPassword == null ? "" : ":" + encode(newPassword));
    }
    return new ServiceEndpoint(
        name, kind, scheme, info, host, port, rest, newUsername, newPassword);
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ServiceEndpoint)) {
      return false;
    }
    ServiceEndpoint that = (ServiceEndpoint) other;
    return name.equals(that.name)
        && url().equals(that.url())
        && Objects.equals(username, that.username)
        && Objects.equals(password, that.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, urlWithoutUserInfo(), username);
  }

  @Override
  public String toString() {
    return "ServiceEndpoint[" + name + " " + kind.displayName() + " " + maskedUrl() + "]";
  }
}
