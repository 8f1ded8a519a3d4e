package io.infraaware.spring.internal;

import io.infraaware.service.ServiceEndpoint;
import io.infraaware.spring.ServiceConnectionDetailsFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in {@link ServiceConnectionDetailsFactory}: Spring Boot's own {@code ConnectionDetails}
 * for PostgreSQL and MySQL (JDBC), Redis, RabbitMQ and Kafka, on Boot 4.0 (per-technology modules)
 * or Boot 3.5 (spring-boot-autoconfigure), whichever the class path has.
 */
final class BootConnectionDetails implements ServiceConnectionDetailsFactory {

  static final String[] JDBC = {
    "org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails",
    "org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails"
  };
  static final String[] REDIS = {
    "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails",
    "org.springframework.boot.autoconfigure.data.redis.RedisConnectionDetails"
  };
  static final String[] RABBIT = {
    "org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails",
    "org.springframework.boot.autoconfigure.amqp.RabbitConnectionDetails"
  };

  static final String[] KAFKA = {
    "org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails",
    "org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails"
  };

  private final ClassLoader loader;

  BootConnectionDetails(ClassLoader loader) {
    this.loader = loader;
  }

  @Override
  public List<?> connectionDetails(ServiceEndpoint endpoint) {
    return switch (endpoint.kind().id()) {
      case "postgres", "mysql" -> jdbc(endpoint);
      case "redis" -> redis(endpoint);
      case "amqp" -> rabbit(endpoint);
      case "kafka" -> kafka(endpoint);
      default -> List.of();
    };
  }

  private List<?> jdbc(ServiceEndpoint endpoint) {
    Optional<Class<?>> type = ConnectionDetailsProxies.firstPresent(loader, JDBC);
    if (type.isEmpty()) {
      return List.of();
    }
    String url = endpoint.url();
    // MariaDB's driver takes jdbc:mariadb: only; Boot picks the driver from the URL
    if (url.startsWith("jdbc:mysql:")
        && ConnectionDetailsProxies.firstPresent(loader, "com.mysql.cj.jdbc.Driver").isEmpty()
        && ConnectionDetailsProxies.firstPresent(loader, "org.mariadb.jdbc.Driver").isPresent()) {
      url = "jdbc:mariadb:" + url.substring("jdbc:mysql:".length());
    }
    Map<String, Object> values = credentials(endpoint);
    values.put("getJdbcUrl", url);
    return List.of(ConnectionDetailsProxies.implement(type.get(), values, endpoint));
  }

  private List<?> redis(ServiceEndpoint endpoint) {
    Optional<Class<?>> type = ConnectionDetailsProxies.firstPresent(loader, REDIS);
    if (type.isEmpty()) {
      return List.of();
    }
    Optional<Class<?>> standaloneType =
        ConnectionDetailsProxies.firstPresent(loader, type.get().getName() + "$Standalone");
    if (standaloneType.isEmpty()) {
      return List.of();
    }
    Map<String, Object> server = new HashMap<>();
    server.put("getHost", endpoint.host());
    server.put("getPort", endpoint.port());
    server.put("getDatabase", redisDatabase(endpoint));
    Map<String, Object> values = credentials(endpoint);
    values.put(
        "getStandalone",
        ConnectionDetailsProxies.implement(standaloneType.get(), server, endpoint));
    return List.of(ConnectionDetailsProxies.implement(type.get(), values, endpoint));
  }

  private List<?> rabbit(ServiceEndpoint endpoint) {
    Optional<Class<?>> type = ConnectionDetailsProxies.firstPresent(loader, RABBIT);
    Optional<Class<?>> addressType =
        type.flatMap(t -> ConnectionDetailsProxies.firstPresent(loader, t.getName() + "$Address"));
    if (addressType.isEmpty()) {
      return List.of();
    }
    Object address;
    try {
      address =
          addressType
              .get()
              .getConstructor(String.class, int.class)
              .newInstance(endpoint.host(), endpoint.port());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Cannot make Spring Boot's " + addressType.get().getName() + ": " + e, e);
    }
    Map<String, Object> values = new HashMap<>();
    // Boot's own defaults when the URL has no user-info
    values.put("getUsername", endpoint.username().orElse("guest"));
    values.put("getPassword", endpoint.password().orElse("guest"));
    values.put("getVirtualHost", virtualHost(endpoint));
    values.put("getAddresses", List.of(address));
    values.put("getFirstAddress", address);
    return List.of(ConnectionDetailsProxies.implement(type.get(), values, endpoint));
  }

  /** The broker (or its proxy) as every client's bootstrap server; PLAINTEXT, Boot's default. */
  private List<?> kafka(ServiceEndpoint endpoint) {
    Optional<Class<?>> type = ConnectionDetailsProxies.firstPresent(loader, KAFKA);
    if (type.isEmpty()) {
      return List.of();
    }
    Map<String, Object> values = new HashMap<>();
    values.put("getBootstrapServers", List.of(endpoint.address()));
    return List.of(ConnectionDetailsProxies.implement(type.get(), values, endpoint));
  }

  private static Map<String, Object> credentials(ServiceEndpoint endpoint) {
    Map<String, Object> values = new HashMap<>();
    values.put("getUsername", endpoint.username().orElse(null));
    values.put("getPassword", endpoint.password().orElse(null));
    return values;
  }

  /** {@code redis://host:port/2} is database 2; no path, database 0. */
  static int redisDatabase(ServiceEndpoint endpoint) {
    String path = endpoint.path();
    if (path.length() <= 1) {
      return 0;
    }
    try {
      return Integer.parseInt(path.substring(1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code amqp://host/vhost}: the decoded path; none means the broker's default. */
  static String virtualHost(ServiceEndpoint endpoint) {
    String path = endpoint.path();
    if (path.length() <= 1) {
      return null;
    }
    return URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
  }
}
