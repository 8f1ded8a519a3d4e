package io.infraaware.sample.docs;

// snippet:start gateway
import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.chaos.Outcome;
import io.infraaware.chaos.Scenario;
import io.infraaware.chaos.ScenarioContext;
import io.infraaware.chaos.breaker.CircuitBreakerView;
import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.TestProxies;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.time.TimeScale;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@InfrastructureAware
class GatewayChaosIT {

  @Test
  void theGatewayFallsBackWhileItsDownstreamIsDownAndRecovers(TestProxies proxies, TimeScale scale)
      throws Exception {
    try (Gateway.Downstream downstream = Gateway.Downstream.start()) {
      // the gateway reaches its downstream through a proxy; its breaker's 60 s wait is scaled
      ServiceProxy proxy = proxies.proxy("downstream", downstream.url());
      Duration waitInOpen = scale.scale(Duration.ofSeconds(60));
      try (Gateway gateway = Gateway.start(proxy.endpoint().url(), waitInOpen)) {
        CircuitBreakerView breaker = CircuitBreakerView.resilience4j(gateway.breaker());
        HttpRequest quote =
            HttpRequest.newBuilder(gateway.uri("/quote")).timeout(Duration.ofSeconds(10)).build();

        Scenario.named("downstream outage behind the gateway")
            .recoverWithin(waitInOpen.plusSeconds(10))
            .steadyState("fresh quotes", ctx -> assertThat(get(ctx, quote)).isEqualTo("fresh"))
            .inject(proxy, Fault.outage())
            .hold(
                "the breaker opens within its window and the fallback answers",
                ctx -> {
                  ctx.assertThatBreaker(breaker).opensWithinCalls(100, () -> get(ctx, quote));
                  assertThat(get(ctx, quote)).isEqualTo("cached");
                })
            .recover(
                "the breaker closes once calls succeed again",
                ctx ->
                    ctx.assertThatBreaker(breaker)
                        .whileCalling(() -> get(ctx, quote))
                        .reaches(CLOSED, waitInOpen.plusSeconds(10))
                        .openedAtLeast(1))
            .run();
      }
    }
  }

  /** A timed request in the timeline: a cached quote is a degraded answer. */
  private static String get(ScenarioContext ctx, HttpRequest quote) throws Exception {
    HttpResponse<String> response =
        ctx.http(
            "GET /quote", quote, r -> r.body().equals("cached") ? Outcome.DEGRADED : Outcome.OK);
    return response.body();
  }
}
// snippet:end gateway
