package io.infraaware.probe.internal;

import io.infraaware.probe.DiagnosisCode;
import io.infraaware.service.ServiceDefinition;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Probes Redis through Lettuce: connect (with AUTH and SELECT), PING, server version. */
public final class RedisProbe extends ProtocolProbe implements AutoCloseable {

  private final Object lock = new Object();
  private ClientResources resources;
  private boolean closed;

  /**
   * Creates the probe; Lettuce's threads start with the first probe, not here.
   *
   * @param hints the fix hints
   */
  public RedisProbe(Hints hints) {
    super(hints);
  }

  @Override
  Answer handshake(ServiceDefinition service, Deadline deadline) {
    RedisURI uri = RedisURI.create(service.endpoint().url());
    Duration timeout = deadline.remaining();
    uri.setTimeout(timeout);
    Optional<String> password = service.endpoint().password();
    if (password.isPresent()) {
      String user = service.endpoint().username().orElse(null);
      uri.setCredentialsProvider(
          RedisCredentialsProvider.from(() -> RedisCredentials.just(user, password.get())));
    }
    RedisClient client = RedisClient.create(resources(), uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().ping();
      return Answer.up(version(connection.sync().info("server")));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }

  private static String version(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return line.substring("redis_version:".length()).trim();
      }
    }
    return null;
  }

  @Override
  Optional<Failure> classify(ServiceDefinition service, Exception thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage()).toUpperCase(Locale.ROOT);
      if (message.contains("NOAUTH")
          || message.contains("WRONGPASS")
          || message.contains("INVALID PASSWORD")
          || message.contains("INVALID USERNAME-PASSWORD")) {
        return Optional.of(
            new Failure(DiagnosisCode.AUTHENTICATION_REJECTED, Failures.message(service, cause)));
      }
      if (message.contains("DB INDEX IS OUT OF RANGE") || message.contains("INVALID DB INDEX")) {
        return Optional.of(
            new Failure(DiagnosisCode.RESOURCE_MISSING, Failures.message(service, cause)));
      }
      if (message.contains("LOADING")) {
        return Optional.of(new Failure(DiagnosisCode.UNHEALTHY, Failures.message(service, cause)));
      }
    }
    return Optional.empty();
  }

  private ClientResources resources() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("Redis probe is closed");
      }
      if (resources == null) {
        resources =
            DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .build();
      }
      return resources;
    }
  }

  @Override
  public void close() {
    ClientResources toShutDown;
    synchronized (lock) {
      closed = true;
      toShutDown = resources;
      resources = null;
    }
    if (toShutDown != null) {
      toShutDown.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
