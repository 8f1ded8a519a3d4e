package io.infraaware.chaos.breaker;

import static io.infraaware.chaos.breaker.BreakerState.CLOSED;
import static io.infraaware.chaos.breaker.BreakerState.HALF_OPEN;
import static io.infraaware.chaos.breaker.BreakerState.OPEN;
import static io.infraaware.chaos.breaker.CircuitBreakerAssert.assertThatBreaker;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CircuitBreakerAssertTests {

  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "database",
          CircuitBreakerConfig.custom()
              .slidingWindowSize(4)
              .minimumNumberOfCalls(4)
              .failureRateThreshold(50)
              .waitDurationInOpenState(Duration.ofMillis(200))
              .automaticTransitionFromOpenToHalfOpenEnabled(true)
              .permittedNumberOfCallsInHalfOpenState(1)
              .build());

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.onError(
          0, java.util.concurrent.TimeUnit.MILLISECONDS, new IllegalStateException("down"));
    }
  }

  @Test
  void aResilience4jBreakerIsFollowedThroughItsTransitions() {
    CircuitBreakerView view = CircuitBreakerView.resilience4j(breaker);
    assertThatBreaker(view).isIn(CLOSED);
    fail(4);
    assertThatBreaker(view).isIn(OPEN).reaches(HALF_OPEN, Duration.ofSeconds(3));
    breaker.onSuccess(0, java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThatBreaker(view)
        .reaches(CLOSED, Duration.ofSeconds(1))
        .transitionedThrough(CLOSED, OPEN, HALF_OPEN, CLOSED)
        .openedAtMost(1);
  }

  /**
   * The deliberate defect: a breaker that never opens, judged with a calibration. Its promise is
   * judged with the noise of the wait's own window, and it is blamed on the system (this JVM's
   * threads wait on the breaker, not for a CPU).
   */
  @Test
  void aBreakerThatNeverOpensIsBlamedOnTheSystemWithACalibration() {
    CircuitBreakerView view = CircuitBreakerView.resilience4j(breaker);
    try (io.infraaware.time.Calibration calibration =
        io.infraaware.time.Calibration.start(Duration.ofMillis(300))) {
      assertThatThrownBy(
              () ->
                  assertThatBreaker(view)
                      .usingCalibration(calibration)
                      .reaches(OPEN, Duration.ofMillis(200)))
          .isNotInstanceOf(io.infraaware.time.MachineOverloadedError.class)
          .hasMessageStartingWith(
              "Expecting breaker [database] to reach OPEN within 200 ms, but it stayed CLOSED")
          .hasMessageContaining("breaker [database] reaches OPEN had not happened after")
          .hasMessageContaining("over its promise of 200 ms");
      fail(4);
      assertThatBreaker(view).usingCalibration(calibration).reaches(OPEN, Duration.ofMillis(200));
    }
  }

  @Test
  void failuresSayWhatTheBreakerDid() {
    CircuitBreakerView view = CircuitBreakerView.resilience4j(breaker);
    assertThatThrownBy(() -> assertThatBreaker(view).reaches(OPEN, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expecting breaker [database] to reach OPEN within 200 ms, but it stayed CLOSED (transitions: [CLOSED])");
    assertThatThrownBy(() -> assertThatBreaker(view).transitionedThrough(CLOSED, OPEN))
        .hasMessage(
            "Expecting breaker [database] to have gone through [CLOSED, OPEN], but its transitions were [CLOSED] (missing from OPEN on)");
  }

  @Test
  void aBreakerMustOpenWithinTheCallsItsThresholdPromises() {
    CircuitBreakerView view = CircuitBreakerView.resilience4j(breaker);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    assertThatBreaker(view)
        .opensWithinCalls(
            4,
            () -> {
              calls.incrementAndGet();
              fail(1);
            });
    org.assertj.core.api.Assertions.assertThat(calls).hasValue(4);
    CircuitBreaker lenient =
        CircuitBreaker.of(
            "lenient",
            CircuitBreakerConfig.custom().slidingWindowSize(10).minimumNumberOfCalls(10).build());
    assertThatThrownBy(
            () ->
                assertThatBreaker(CircuitBreakerView.resilience4j(lenient))
                    .opensWithinCalls(
                        5,
                        () ->
                            lenient.onError(
                                0,
                                java.util.concurrent.TimeUnit.MILLISECONDS,
                                new IllegalStateException("down"))))
        .hasMessage(
            "Expecting breaker [lenient] to open within 5 call(s), but after 5 it is CLOSED (transitions: [CLOSED])");
  }

  @Test
  void anOpenBreakerMustRejectCallsAtOnceAndCountThem() {
    CircuitBreakerView view = CircuitBreakerView.resilience4j(breaker);
    assertThatThrownBy(
            () ->
                assertThatBreaker(view)
                    .rejectsCallsWhileOpen(Duration.ofSeconds(1), breaker::acquirePermission))
        .hasMessageStartingWith("Expecting breaker [database] to be OPEN and reject calls");
    fail(4);
    assertThatBreaker(view)
        .rejectsCallsWhileOpen(Duration.ofSeconds(1), breaker::acquirePermission);
    assertThatThrownBy(
            () ->
                assertThatBreaker(view)
                    .rejectsCallsWhileOpen(
                        Duration.ofSeconds(1),
                        () -> {
                          // a call that goes around the breaker: nothing is rejected
                        }))
        .hasMessage(
            "Expecting breaker [database] to count the call as rejected, but its rejected calls stayed 1");
  }

  @Test
  void aCallThatWaitsInsteadOfBeingRejectedFailsWithOrWithoutACalibration() {
    CircuitBreaker open =
        CircuitBreaker.of(
            "database",
            CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ofMinutes(1)).build());
    open.transitionToOpenState();
    CircuitBreakerView view = CircuitBreakerView.resilience4j(open);
    CircuitBreakerAssert.Call waitsThenIsRejected =
        () -> {
          new java.util.concurrent.CountDownLatch(1)
              .await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
          open.acquirePermission();
        };
    assertThatThrownBy(
            () ->
                assertThatBreaker(view)
                    .rejectsCallsWhileOpen(Duration.ofMillis(10), waitsThenIsRejected))
        .hasMessageStartingWith(
            "Expecting breaker [database] to reject a call at once while OPEN, but the call took");
    assertThatThrownBy(
            () ->
                assertThatBreaker(view)
                    .usingCalibration(io.infraaware.time.Calibration.none(Duration.ofSeconds(1)))
                    .rejectsCallsWhileOpen(Duration.ofMillis(10), waitsThenIsRejected))
        .isInstanceOf(io.infraaware.time.TimingError.class)
        .hasMessageStartingWith("A call rejected by breaker [database] while OPEN took")
        .hasMessageContaining("over its promise of 10 ms");
  }

  @Test
  void waitingForHalfOpenOnALazyBreakerSaysWhy() {
    CircuitBreaker lazy =
        CircuitBreaker.of(
            "lazy",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(2)
                .minimumNumberOfCalls(2)
                .waitDurationInOpenState(Duration.ofMillis(50))
                .build());
    for (int i = 0; i < 2; i++) {
      lazy.onError(0, java.util.concurrent.TimeUnit.MILLISECONDS, new IllegalStateException("x"));
    }
    assertThatThrownBy(
            () ->
                assertThatBreaker(CircuitBreakerView.resilience4j(lazy))
                    .reaches(HALF_OPEN, Duration.ofMillis(300)))
        .hasMessageContaining("Resilience4j leaves OPEN only on the next call");
  }

  @Test
  void aBreakerIsReadFromAHealthEndpointByJsonPointer() throws IOException {
    AtomicReference<String> body =
        new AtomicReference<>("{\"database\":{\"state\":\"CLOSED\",\"transitions\":[]}}");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health/circuit-breakers",
        exchange -> {
          byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    try {
      CircuitBreakerView view =
          CircuitBreakerView.http(
                  "database",
                  URI.create(
                      "http://127.0.0.1:"
                          + server.getAddress().getPort()
                          + "/health/circuit-breakers"))
              .transitions("/database/transitions", "from", "to");
      assertThatBreaker(view).isIn(CLOSED).transitionedThrough(CLOSED);
      body.set(
          "{\"database\":{\"state\":\"OPEN\",\"transitions\":[{\"from\":\"CLOSED\",\"to\":\"OPEN\",\"at\":\"t1\"},{\"from\":\"OPEN\",\"to\":\"HALF_OPEN\"},{\"from\":\"HALF_OPEN\",\"to\":\"OPEN\"}]}}");
      assertThatBreaker(view)
          .isIn(OPEN)
          .transitionedThrough(CLOSED, OPEN, HALF_OPEN, OPEN)
          .openedAtLeast(2);
      assertThatThrownBy(() -> assertThatBreaker(view).openedAtMost(1))
          .hasMessage(
              "Expecting breaker [database] to open at most 1 time(s), but it opened 2 times: [CLOSED, OPEN, HALF_OPEN, OPEN]");
    } finally {
      server.stop(0);
    }
  }
}
