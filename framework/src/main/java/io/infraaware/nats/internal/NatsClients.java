package io.infraaware.nats.internal;

import io.infraaware.service.ServiceEndpoint;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.function.Consumer;

/** jnats connections for {@code @Service} parameters; loaded only when jnats is present. */
final class NatsClients {

  private NatsClients() {}

  static Object connection(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater)
      throws Exception {
    Options.Builder options =
        Options.builder()
            .server(endpoint.urlWithoutUserInfo())
            .connectionName("infraaware-" + endpoint.name())
            .connectionTimeout(Duration.ofSeconds(10))
            .maxReconnects(0);
    if (endpoint.password().isPresent()) {
      options.userInfo(endpoint.username().orElse(""), endpoint.password().get());
    } else if (endpoint.username().isPresent()) {
      options.token(endpoint.username().get().toCharArray());
    }
    Connection connection = Nats.connect(options.build());
    closeLater.accept(connection);
    return connection;
  }
}
