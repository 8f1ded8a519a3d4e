package io.infraaware.service;

import java.util.Locale;
import java.util.Optional;

/**
 * The kind of a service, decided by the scheme of its URL.
 *
 * @since 0.1.0
 */
public enum ServiceKind {
  /** PostgreSQL, {@code jdbc:postgresql://host:port/database}. */
  POSTGRES("PostgreSQL", 5432),
  /** Redis, {@code redis://} or {@code rediss://} (TLS). */
  REDIS("Redis", 6379),
  /** An HTTP service with a health path, {@code http://} or {@code https://}. */
  HTTP("HTTP", 80),
  /** A WebSocket endpoint, {@code ws://} or {@code wss://}. */
  WEBSOCKET("WebSocket", 80),
  /** Anything reachable over TCP, {@code tcp://host:port}; probed by connecting only. */
  TCP("TCP", -1);

  private final String displayName;
  private final int defaultPort;

  ServiceKind(String displayName, int defaultPort) {
    this.displayName = displayName;
    this.defaultPort = defaultPort;
  }

  /**
   * The name people use for this kind, e.g. {@code PostgreSQL}.
   *
   * @return the display name
   */
  public String displayName() {
    return displayName;
  }

  int defaultPort(boolean secure) {
    if (secure && (this == HTTP || this == WEBSOCKET)) {
      return 443;
    }
    return defaultPort;
  }

  /**
   * The kind that a URL's scheme selects.
   *
   * @param url the URL
   * @return the kind, or empty for an unknown scheme
   */
  public static Optional<ServiceKind> ofUrl(String url) {
    String lower = url.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return Optional.of(POSTGRES);
    }
    if (lower.startsWith("redis://") || lower.startsWith("rediss://")) {
      return Optional.of(REDIS);
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return Optional.of(HTTP);
    }
    if (lower.startsWith("ws://") || lower.startsWith("wss://")) {
      return Optional.of(WEBSOCKET);
    }
    if (lower.startsWith("tcp://")) {
      return Optional.of(TCP);
    }
    return Optional.empty();
  }
}
