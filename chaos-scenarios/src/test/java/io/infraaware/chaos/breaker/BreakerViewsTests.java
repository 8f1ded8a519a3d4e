package io.infraaware.chaos.breaker;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.HALF_OPEN;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static io.infraaware.chaos.breaker.CircuitBreakerAssert.assertThatBreaker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.infraaware.chaos.breaker.CircuitBreakerView.History.Completeness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The views of real breaker libraries, each fed by a real Resilience4j breaker: Spring Boot's
 * actuator documents and Micrometer's Prometheus gauge as Resilience4j's own Spring Boot starter
 * writes them (its {@code circuitbreakers} document, and its {@code circuitbreakerevents} ring
 * buffer of 100 events per breaker).
 */
class BreakerViewsTests {

  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "downstream",
          CircuitBreakerConfig.custom()
              .slidingWindowSize(4)
              .minimumNumberOfCalls(4)
              .failureRateThreshold(50)
              .waitDurationInOpenState(Duration.ofMillis(300))
              .permittedNumberOfCallsInHalfOpenState(1)
              .build());

  private final Application app = new Application(breaker);

  @AfterEach
  void stop() {
    app.close();
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.onError(0, TimeUnit.MILLISECONDS, new IllegalStateException("down"));
    }
  }

  /** A call through the breaker, as the application makes one per request. */
  private void call() {
    breaker.executeRunnable(() -> {});
  }

  /** Goes CLOSED, OPEN, HALF_OPEN (on a call once the wait is over), CLOSED. */
  private void fullCycle(CircuitBreakerView view) {
    fail(4);
    assertThatBreaker(view)
        .isIn(OPEN)
        .whileCalling(this::call)
        .reaches(CLOSED, Duration.ofSeconds(10));
  }

  @Test
  void theActuatorViewSeesEveryTransitionOfAFullCycle() {
    try (ActuatorBreakerView view =
        CircuitBreakerView.resilience4jActuator("downstream", app.actuator())) {
      fullCycle(view);
      assertThat(view.read().history().completeness()).isEqualTo(Completeness.EVERY_TRANSITION);
      assertThatBreaker(view)
          .transitionedThrough(CLOSED, OPEN, HALF_OPEN, CLOSED)
          .openedAtLeast(1)
          .openedAtMost(1);
    }
  }

  @Test
  void whileOpenTheActuatorViewKnowsTheBreakerCameFromClosed() {
    try (ActuatorBreakerView view =
        CircuitBreakerView.resilience4jActuator("downstream", app.actuator())) {
      fail(4);
      assertThatBreaker(view).isIn(OPEN).transitionedThrough(CLOSED, OPEN).openedAtMost(1);
    }
  }

  @Test
  void eventsLostFromTheRingBufferMakeTheHistoryUnknownNeverZeroOpenings() {
    try (ActuatorBreakerView view =
        CircuitBreakerView.resilience4jActuator("downstream", app.actuator())) {
      fail(4);
      view.read(); // CLOSED -> OPEN seen
      // 150 calls overflow the buffer of 100: rejected while OPEN, or (on a machine slow enough
      // for the wait in OPEN to pass) let through, closing the breaker unseen
      for (int i = 0; i < 150; i++) {
        try {
          call();
        } catch (CallNotPermittedException rejected) {
          // an event all the same
        }
      }
      CircuitBreakerView.Snapshot snapshot = view.read();
      assertThat(snapshot.history().completeness()).isEqualTo(Completeness.SAMPLED);
      assertThat(snapshot.history().how()).contains("events lost between");
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at most 1")
          .hasMessageContaining("events lost between")
          .hasMessageNotContaining("0 times");
    }
  }

  @Test
  void withoutTheEventsEndpointTheStateIsSampledAndWhatSamplingMissedIsUnknown() {
    app.events.set(false);
    try (ActuatorBreakerView view =
        CircuitBreakerView.resilience4jActuator("downstream", app.actuator())) {
      await("the view sampled CLOSED").until(() -> !app.stateReads.compareAndSet(0, 0));
      fail(4);
      assertThatBreaker(view).isIn(OPEN).openedAtLeast(1);
      assertThat(view.read().history().how())
          .contains("sampled every 50 ms")
          .contains("circuitbreakerevents/downstream did not answer");
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at most 1")
          .hasMessageContaining("the state sampled every 50 ms");
    }
  }

  @Test
  void anUnknownBreakerNameSaysWhichDocumentWasRead() {
    try (ActuatorBreakerView view =
        CircuitBreakerView.resilience4jActuator("orders", app.actuator())) {
      assertThatThrownBy(view::read)
          .hasMessageContaining("Breaker [orders]")
          .hasMessageContaining(app.actuator() + "/circuitbreakers")
          .hasMessageContaining("/circuitBreakers/orders")
          .hasMessageContaining("\"downstream\"");
    }
  }

  @Test
  void thePrometheusViewSamplesTheGaugeAndSaysWhatItCannotTell() {
    try (PrometheusBreakerView view =
        CircuitBreakerView.prometheus("downstream", app.prometheus())) {
      assertThatBreaker(view).isIn(CLOSED);
      fail(4);
      assertThatBreaker(view).isIn(OPEN);
      assertThatBreaker(view)
          .whileCalling(this::call)
          .reaches(CLOSED, Duration.ofSeconds(10))
          .openedAtLeast(1)
          .transitionedThrough(CLOSED, OPEN, CLOSED);
      assertThat(view.read().history().completeness()).isEqualTo(Completeness.SAMPLED);
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at most 1");
    }
  }

  @Test
  void aPrometheusScrapeWithoutTheBreakerNamesTheEndpoint() {
    try (PrometheusBreakerView view = CircuitBreakerView.prometheus("orders", app.prometheus())) {
      assertThatThrownBy(view::read)
          .hasMessageContaining("Breaker [orders]: " + app.prometheus())
          .hasMessageContaining("no resilience4j_circuitbreaker_state{name=\"orders\"} gauge");
    }
  }

  @Test
  void aViewOfTheCurrentStateOnlyNeverCountsOpeningsItDidNotSee() {
    // a health document with the state and no transitions, read only after the cycle
    CircuitBreakerView view =
        CircuitBreakerView.http("downstream", URI.create(app.actuator() + "/circuitbreakers"))
            .state("/circuitBreakers/downstream/state");
    fail(4);
    assertThatBreaker(CircuitBreakerView.resilience4j(breaker))
        .whileCalling(this::call)
        .reaches(CLOSED, Duration.ofSeconds(10));
    assertThatThrownBy(() -> assertThatBreaker(view).openedAtLeast(1))
        .hasMessageStartingWith("Cannot tell whether breaker [downstream] opened at least 1")
        .hasMessageContaining("history is unknown between")
        .hasMessageNotContaining("opened 0 times");
    assertThatThrownBy(() -> assertThatBreaker(view).transitionedThrough(CLOSED, OPEN))
        .hasMessageStartingWith("Cannot tell whether breaker [downstream] went through");
  }

  @Test
  void whileCallingMakesTheCallsALazyBreakerNeedsToCloseAndReportsThem() {
    CircuitBreakerView view = CircuitBreakerView.resilience4j(breaker);
    fail(4);
    assertThatThrownBy(() -> assertThatBreaker(view).reaches(CLOSED, Duration.ofMillis(600)))
        .as("without calls Resilience4j stays OPEN")
        .hasMessageContaining("stayed OPEN");
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    assertThatBreaker(view)
        .reportingTo(
            new CircuitBreakerAssert.WaitListener() {
              @Override
              public void called(String name, Duration took, Throwable failure) {
                calls.incrementAndGet();
                if (failure instanceof CallNotPermittedException) {
                  rejected.incrementAndGet();
                }
              }

              @Override
              public void read(String name, BreakerState state) {}
            })
        .whileCalling(this::call)
        .reaches(CLOSED, Duration.ofSeconds(10))
        .transitionedThrough(CLOSED, OPEN, HALF_OPEN, CLOSED);
    assertThat(calls.get()).isGreaterThan(rejected.get()).isPositive();
  }

  /**
   * The documents an application with Resilience4j's Spring Boot starter serves: {@code
   * /actuator/circuitbreakers}, {@code /actuator/circuitbreakerevents/<name>} (the last 100 events)
   * and {@code /actuator/prometheus}.
   */
  private static final class Application implements AutoCloseable {

    private final HttpServer server;
    private final Deque<CircuitBreakerEvent> buffer = new ArrayDeque<>();
    final AtomicBoolean events = new AtomicBoolean(true);
    final AtomicInteger stateReads = new AtomicInteger();

    Application(CircuitBreaker breaker) {
      breaker
          .getEventPublisher()
          .onEvent(
              event -> {
                synchronized (buffer) {
                  buffer.addLast(event);
                  if (buffer.size() > 100) {
                    buffer.removeFirst();
                  }
                }
              });
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      server.createContext(
          "/actuator/circuitbreakers",
          exchange -> {
            stateReads.incrementAndGet();
            String body =
                "{\"circuitBreakers\":{\""
                    + breaker.getName()
                    + "\":{\"failureRate\":\""
                    + breaker.getMetrics().getFailureRate()
                    + "%\",\"bufferedCalls\":"
                    + breaker.getMetrics().getNumberOfBufferedCalls()
                    + ",\"notPermittedCalls\":"
                    + breaker.getMetrics().getNumberOfNotPermittedCalls()
                    + ",\"state\":\""
                    + breaker.getState()
                    + "\"}}}";
            send(exchange, 200, body);
          });
      server.createContext(
          "/actuator/circuitbreakerevents/",
          exchange -> {
            if (!events.get()) {
              send(exchange, 404, "{\"error\":\"Not Found\"}");
              return;
            }
            StringBuilder body = new StringBuilder("{\"circuitBreakerEvents\":[");
            synchronized (buffer) {
              String separator = "";
              for (CircuitBreakerEvent event : buffer) {
                body.append(separator)
                    .append("{\"circuitBreakerName\":\"")
                    .append(event.getCircuitBreakerName())
                    .append("\",\"type\":\"")
                    .append(event.getEventType())
                    .append("\",\"creationTime\":\"")
                    .append(event.getCreationTime())
                    .append('"');
                if (event instanceof CircuitBreakerOnStateTransitionEvent transition) {
                  body.append(",\"stateTransition\":\"")
                      .append(transition.getStateTransition().name())
                      .append('"');
                }
                body.append('}');
                separator = ",";
              }
            }
            send(exchange, 200, body.append("]}").toString());
          });
      server.createContext(
          "/actuator/prometheus",
          exchange -> {
            StringBuilder body =
                new StringBuilder("# TYPE resilience4j_circuitbreaker_state gauge\n");
            for (CircuitBreaker.State state :
                new CircuitBreaker.State[] {
                  CircuitBreaker.State.CLOSED,
                  CircuitBreaker.State.OPEN,
                  CircuitBreaker.State.HALF_OPEN,
                  CircuitBreaker.State.FORCED_OPEN
                }) {
              body.append("resilience4j_circuitbreaker_state{name=\"")
                  .append(breaker.getName())
                  .append("\",state=\"")
                  .append(state.name().toLowerCase(Locale.ROOT))
                  .append("\",} ")
                  .append(breaker.getState() == state ? "1.0" : "0.0")
                  .append('\n');
            }
            send(exchange, 200, body.toString());
          });
      server.start();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
        throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }

    URI actuator() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/actuator");
    }

    URI prometheus() {
      return URI.create(actuator() + "/prometheus");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
