package io.infraaware.mqtt.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.infraaware.service.ServiceEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

/** HiveMQ MQTT clients for {@code @Service} parameters, connected; loaded only when present. */
final class HiveMqClients {

  private HiveMqClients() {}

  private static MqttClientBuilder builder(ServiceEndpoint endpoint) {
    MqttClientBuilder builder =
        MqttClient.builder()
            .identifier("infraaware-" + endpoint.name() + "-" + UUID.randomUUID())
            .serverHost(endpoint.host())
            .serverPort(endpoint.port());
    return endpoint.secure() ? builder.sslWithDefaultConfig() : builder;
  }

  static Object mqtt5(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    Mqtt5BlockingClient client = builder(endpoint).useMqttVersion5().buildBlocking();
    var connect = client.connectWith();
    if (endpoint.username().isPresent()) {
      var auth = connect.simpleAuth().username(endpoint.username().get());
      endpoint
          .password()
          .ifPresent(password -> auth.password(password.getBytes(StandardCharsets.UTF_8)));
      auth.applySimpleAuth();
    }
    connect.send();
    closeLater.accept(
        () -> {
          if (client.getState().isConnected()) {
            client.disconnect();
          }
        });
    return client;
  }
}
