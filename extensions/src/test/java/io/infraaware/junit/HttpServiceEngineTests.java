package io.infraaware.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import com.sun.net.httpserver.HttpServer;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** HTTP services: health decides, and tests get a REST Assured spec aimed at the service. */
class HttpServiceEngineTests {

  private static final AtomicReference<String> health = new AtomicReference<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean healthPath = exchange.getRequestURI().getPath().equals("/health");
          String body = healthPath ? health.get() : "{\"orders\":[1,2]}";
          int status = healthPath && body.contains("DOWN") ? 503 : 200;
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Events run() {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(BackendTestCase.class))
        .configurationParameter("infra.mode", "skip")
        .configurationParameter(
            "infra.services.backend.url", "http://127.0.0.1:" + server.getAddress().getPort())
        .configurationParameter("infra.services.backend.health-path", "/health")
        .execute()
        .testEvents();
  }

  @Test
  void aHealthyServiceGivesTheTestARequestSpecification() {
    health.set("{\"status\":\"UP\"}");
    run().assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Test
  void aDegradedServiceStillRunsItsTests() {
    health.set("{\"status\":\"DEGRADED\"}");
    run().assertStatistics(stats -> stats.succeeded(1).skipped(0));
  }

  @Test
  void anUnhealthyServiceSkipsWithItsStatus() {
    health.set("{\"status\":\"DOWN\"}");
    run()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("listsOrders"),
                skippedWithReason(
                    r ->
                        r.contains(
                                "is unavailable: service reports unhealthy: GET http://127.0.0.1:")
                            && r.contains("/health answered 503 with status DOWN"))));
  }

  @InfrastructureAware
  static class BackendTestCase {
    @Test
    void listsOrders(@Service("backend") RequestSpecification api) {
      io.restassured.RestAssured.given(api)
          .get("/api/orders")
          .then()
          .statusCode(200)
          .body("orders", Matchers.hasSize(2));
    }
  }
}
