package io.infraaware.service;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A kind of service (PostgreSQL, Redis, an in-house protocol...), and the URL schemes that select
 * it. Kinds are contributed by {@code io.infraaware.spi.ServiceKindProvider}s; two kinds are equal
 * when their ids are.
 *
 * <pre>{@code
 * ServiceKind kind = ServiceKind.of("orders", "Orders service", UrlScheme.of("orders", 7000));
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ServiceKind {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private final String id;
  private final String displayName;
  private final List<UrlScheme> schemes;

  private ServiceKind(String id, String displayName, List<UrlScheme> schemes) {
    this.id = id;
    this.displayName = displayName;
    this.schemes = schemes;
  }

  /**
   * Describes a kind.
   *
   * @param id a short lower-case id, e.g. {@code postgres}
   * @param displayName the name people use, e.g. {@code PostgreSQL}
   * @param schemes the URL schemes that select it, at least one
   * @return the kind
   * @throws IllegalArgumentException for a bad id or no scheme
   */
  public static ServiceKind of(String id, String displayName, UrlScheme... schemes) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "A service kind id is lower-case letters, digits, '-' and '_', was [" + id + "]");
    }
    if (schemes.length == 0) {
      throw new IllegalArgumentException("Service kind [" + id + "] has no URL scheme");
    }
    return new ServiceKind(id, displayName, List.of(schemes));
  }

  /**
   * The kind's id, e.g. {@code postgres}.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * The name people use for this kind, e.g. {@code PostgreSQL}.
   *
   * @return the display name
   */
  public String displayName() {
    return displayName;
  }

  /**
   * The URL schemes that select this kind.
   *
   * @return the schemes
   */
  public List<UrlScheme> schemes() {
    return schemes;
  }

  /**
   * The scheme a URL starts with, if it is one of this kind's.
   *
   * @param url the URL
   * @return the scheme
   */
  public Optional<UrlScheme> schemeOf(String url) {
    String lower = url.trim().toLowerCase(Locale.ROOT);
    return schemes.stream().filter(scheme -> lower.startsWith(scheme.prefix())).findFirst();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServiceKind && ((ServiceKind) other).id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
