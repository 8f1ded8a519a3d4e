package io.infraaware.redis.internal;

import io.infraaware.service.ServiceEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.function.Consumer;

/** Lettuce clients for {@code @Service} parameters; loaded only when Lettuce is present. */
final class LettuceClients {

  private LettuceClients() {}

  static Object client(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    return newClient(endpoint, closeLater);
  }

  static Object connection(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    return newClient(endpoint, closeLater).connect();
  }

  private static RedisClient newClient(
      ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    // the URL without user-info: Lettuce would split an unencoded '@' in a password wrongly
    RedisURI uri = RedisURI.create(endpoint.urlWithoutUserInfo());
    endpoint
        .password()
        .ifPresent(
            password ->
                uri.setCredentialsProvider(
                    RedisCredentialsProvider.from(
                        () -> RedisCredentials.just(endpoint.username().orElse(null), password))));
    RedisClient client = RedisClient.create(uri);
    // connections close with the client
    closeLater.accept(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
    return client;
  }
}
