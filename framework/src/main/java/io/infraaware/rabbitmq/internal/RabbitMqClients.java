package io.infraaware.rabbitmq.internal;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.infraaware.service.ServiceEndpoint;
import java.util.function.Consumer;

/** RabbitMQ Java client objects for {@code @Service} parameters; loaded only when present. */
final class RabbitMqClients {

  private RabbitMqClients() {}

  static Object factory(ServiceEndpoint endpoint) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(endpoint.host());
    factory.setPort(endpoint.port());
    factory.setVirtualHost(AmqpProbe.virtualHost(endpoint));
    endpoint.username().ifPresent(factory::setUsername);
    endpoint.password().ifPresent(factory::setPassword);
    if (endpoint.secure()) {
      factory.useSslProtocol(javax.net.ssl.SSLContext.getDefault());
      factory.enableHostnameVerification();
    }
    factory.setConnectionTimeout(10_000);
    factory.setAutomaticRecoveryEnabled(false);
    return factory;
  }

  static Object connection(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater)
      throws Exception {
    Connection connection =
        ((ConnectionFactory) factory(endpoint)).newConnection("infraaware-" + endpoint.name());
    closeLater.accept(connection);
    return connection;
  }
}
