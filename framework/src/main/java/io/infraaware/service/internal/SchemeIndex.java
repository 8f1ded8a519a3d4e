package io.infraaware.service.internal;

import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The kinds a run knows, and which one a URL's scheme selects.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class SchemeIndex {

  private final List<ServiceKind> kinds;

  private SchemeIndex(List<ServiceKind> kinds) {
    this.kinds = kinds;
  }

  /**
   * The given kinds; a scheme claimed by two kinds is refused.
   *
   * @param kinds the kinds
   * @return the lookup
   * @throws IllegalArgumentException when two kinds claim one scheme or share an id
   */
  public static SchemeIndex of(List<ServiceKind> kinds) {
    Map<String, ServiceKind> byScheme = new LinkedHashMap<>();
    Map<String, ServiceKind> byId = new LinkedHashMap<>();
    for (ServiceKind kind : kinds) {
      ServiceKind sameId = byId.putIfAbsent(kind.id(), kind);
      if (sameId != null) {
        throw new IllegalArgumentException(
            "Two service kinds have the id [" + kind.id() + "]: " + sameId + " and " + kind);
      }
      for (UrlScheme scheme : kind.schemes()) {
        ServiceKind other = byScheme.putIfAbsent(scheme.name(), kind);
        if (other != null) {
          throw new IllegalArgumentException(
              "The URL scheme ["
                  + scheme.name()
                  + "] is claimed by two service kinds: "
                  + other.id()
                  + " and "
                  + kind.id());
        }
      }
    }
    return new SchemeIndex(List.copyOf(kinds));
  }

  /**
   * The kind whose scheme a URL starts with.
   *
   * @param url the URL
   * @return the kind, or empty for an unknown scheme
   */
  public Optional<ServiceKind> forUrl(String url) {
    return kinds.stream().filter(kind -> kind.schemeOf(url).isPresent()).findFirst();
  }

  /**
   * The kind with an id.
   *
   * @param id the id, e.g. {@code postgres}
   * @return the kind
   */
  public Optional<ServiceKind> byId(String id) {
    return kinds.stream().filter(kind -> kind.id().equals(id)).findFirst();
  }

  /**
   * Every known kind.
   *
   * @return the kinds
   */
  public List<ServiceKind> all() {
    return kinds;
  }

  /**
   * The known schemes for an error message, e.g. {@code jdbc:postgresql://, redis://, ...}.
   *
   * @return the list
   */
  public String describeSchemes() {
    List<String> prefixes = new ArrayList<>();
    for (ServiceKind kind : kinds) {
      for (UrlScheme scheme : kind.schemes()) {
        prefixes.add(scheme.prefix());
      }
    }
    return String.join(", ", prefixes);
  }
}
