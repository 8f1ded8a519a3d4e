package io.infraaware.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.config.InfraConfigurationException;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.probe.ServiceStatus;
import io.infraaware.redis.internal.RedisProvider;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.UrlScheme;
import io.infraaware.spi.internal.KindRegistry;
import io.infraaware.testing.LoopbackServer;
import io.infraaware.testing.TestServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A kind added without forking: found by the service loader, probed, hinted. */
class ServiceKindProviderTests {

  private static LoopbackServer ordersServer() {
    return LoopbackServer.serving(
        socket -> {
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
          String hello = in.readLine();
          String answer =
              "HELLO t0ken".equals(hello) ? "WELCOME 1.4.2\n" : "DENIED unknown token\n";
          socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
          socket.getOutputStream().flush();
        });
  }

  @Test
  void theBuiltInKindsAndTheTestsOwnAreInstalled() {
    assertThat(TestServices.PROVIDERS.kinds().all())
        .extracting(ServiceKind::id)
        .containsExactlyInAnyOrder(
            "postgres",
            "redis",
            "mysql",
            "amqp",
            "nats",
            "mqtt",
            "kafka",
            "http",
            "websocket",
            "tcp",
            "orders");
  }

  @Test
  void anInHouseServiceIsProbedThroughItsProvider() throws IOException {
    try (LoopbackServer orders = ordersServer()) {
      ProbeResult result =
          TestServices.probe(
              Map.of("infra.services.orders.url", "orders://t0ken@127.0.0.1:" + orders.port()),
              "orders");
      assertThat(result.status()).as(result.describe()).isEqualTo(ServiceStatus.UP);
      assertThat(result.version()).contains("1.4.2");
    }
  }

  @Test
  void itsOwnHintAndTheFrameworksDiagnosesApply() throws IOException {
    try (LoopbackServer orders = ordersServer()) {
      ProbeResult denied =
          TestServices.probe(
              Map.of("infra.services.orders.url", "orders://wrong@127.0.0.1:" + orders.port()),
              "orders");
      assertThat(denied.diagnosis().orElseThrow().code())
          .isEqualTo(DiagnosisCode.AUTHENTICATION_REJECTED);
      assertThat(denied.diagnosis().orElseThrow().hint())
          .isEqualTo(
              "ask the orders team for a token and put it in"
                  + " infra.services.orders.url=[orders://****@127.0.0.1:"
                  + orders.port()
                  + "]");
    }
    int closed = LoopbackServer.closedPort();
    ProbeResult refused =
        TestServices.probe(
            Map.of("infra.services.orders.url", "orders://127.0.0.1:" + closed), "orders");
    assertThat(refused.diagnosis().orElseThrow().hint())
        .startsWith("start Orders service on 127.0.0.1:" + closed);
  }

  @Test
  void twoProvidersClaimingOneSchemeAreRefused() {
    ServiceKindProvider clash =
        new ServiceKindProvider() {
          @Override
          public ServiceKind kind() {
            return ServiceKind.of("my-redis", "My Redis", UrlScheme.of("redis", 6379));
          }

          @Override
          public ServiceProbe probe() {
            return context -> context.up(null);
          }
        };
    assertThatThrownBy(() -> KindRegistry.of(List.of(new RedisProvider(), clash)))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining(
            "The URL scheme [redis] is claimed by two service kinds: redis and my-redis");
  }
}
