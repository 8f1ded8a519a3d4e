package io.infraaware.mqtt.internal;

import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.util.List;
import org.apiguardian.api.API;

/**
 * MQTT brokers (Mosquitto, HiveMQ, EMQX...): {@code mqtt://[user:password@]host[:1883]}, {@code
 * mqtts://} for TLS. Probed on the wire; a {@code Mqtt5BlockingClient} parameter (connected) need
 * {@code com.hivemq:hivemq-mqtt-client}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class MqttProvider implements ServiceKindProvider {

  /** The kind. */
  public static final ServiceKind KIND =
      ServiceKind.of("mqtt", "MQTT", UrlScheme.of("mqtt", 1883), UrlScheme.secure("mqtts", 8883));

  private static final String CLIENT = "com.hivemq.client.mqtt.MqttClient";
  private static final String ARTIFACT = "com.hivemq:hivemq-mqtt-client";

  /** Creates the provider; the service loader does this. */
  public MqttProvider() {}

  @Override
  public ServiceKind kind() {
    return KIND;
  }

  @Override
  public ServiceProbe probe() {
    return new MqttProbe();
  }

  @Override
  public List<ClientType> clientTypes() {
    return List.of(
        ClientType.of(
            "com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient",
            CLIENT,
            ARTIFACT,
            (endpoint, closeLater) -> HiveMqClients.mqtt5(endpoint, closeLater)));
  }
}
