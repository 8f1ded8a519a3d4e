package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.infraaware.chaos.TimelineEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helpers a scenario is written with: recover retries, timed requests, the JSON report. */
class ScenarioHelpersTests {

  @TempDir Path reports;
  private final FakeInjection fault = new FakeInjection();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private Scenario described(String name) {
    return Scenario.named(name)
        .reportTo(ScenarioReport.in(reports))
        .printTo(new PrintStream(console, true, StandardCharsets.UTF_8))
        .manifestWithin(Duration.ofMillis(300))
        .recoverWithin(Duration.ofSeconds(5));
  }

  private Scenario.Faulted scenario(String name) {
    return described(name).inject(fault);
  }

  private String console() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aRecoverExpectationIsRetriedUntilTheSystemHasRecovered() {
    AtomicInteger tries = new AtomicInteger();
    scenario("recovers after a while")
        .hold("down", ctx -> {})
        .recover(
            "orders are served again",
            ctx -> {
              if (tries.incrementAndGet() < 3) {
                throw new AssertionError("\nExpecting status 200 but was 503");
              }
            })
        .run();
    assertThat(tries.get()).as("failed twice, then passed").isEqualTo(3);
    assertThat(console()).contains("recover: passed");
  }

  @Test
  void aRecoverExpectationThatNeverPassesFailsWithItsLastFailureAndItsFirstLine() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(
            () ->
                scenario("never recovers")
                    .hold("down", ctx -> {})
                    .recover(
                        "orders are served again",
                        ctx -> {
                          throw new AssertionError(
                              "\n  \nExpecting status 200 but was 503 (try "
                                  + tries.incrementAndGet()
                                  + ")\nbody: {}");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class);
    assertThat(tries.get()).as("retried until recoverWithin ran out").isGreaterThan(1);
    assertThat(console())
        .as("an AssertJ message starts with a newline: the first non-blank line is shown")
        .containsPattern(
            "recover: FAILED: .*Expecting status 200 but was 503 \\(try " + tries.get() + "\\)");
    assertThat(fault.isOn()).isFalse();
  }

  @Test
  void aRecoverExpectationThatRanOutWhileTheMachineWasOverloadedBlamesTheMachine() {
    assertThatThrownBy(
            () ->
                scenario("recovers on a busy machine")
                    .hold("down", ctx -> {})
                    .recover(
                        "orders are served again",
                        ctx -> {
                          throw new io.infraaware.time.MachineOverloadedError(
                              "GET /orders took 9000 ms: within the noise of 9500 ms only");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining("The machine was overloaded: GET /orders took 9000 ms")
        .satisfies(e -> assertThat(((ScenarioFailedError) e).machineOverloaded()).isTrue());
  }

  @Test
  void recoverImmediatelyChecksOnce() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(
            () ->
                scenario("checked at once")
                    .hold("down", ctx -> {})
                    .recoverImmediately(
                        "the fallback was used during the outage",
                        ctx -> {
                          tries.incrementAndGet();
                          throw new AssertionError("no fallback");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining("no fallback");
    assertThat(tries.get()).isEqualTo(1);
  }

  @Test
  void aTimedCallIsRecordedWithTheOutcomeItsResultIsGivenAndAFailedOneAsAnError() {
    List<String> results = new ArrayList<>();
    Timeline timeline =
        scenario("timed")
            .hold(
                "answers, degraded",
                ctx -> {
                  results.add(
                      ctx.timed(
                          "GET /orders",
                          () -> "cached",
                          body -> body.equals("cached") ? Outcome.DEGRADED : Outcome.OK));
                  assertThatThrownBy(
                          () ->
                              ctx.timed(
                                  "GET /users",
                                  () -> {
                                    throw new IOException("connection reset");
                                  },
                                  body -> Outcome.OK))
                      .isInstanceOf(IOException.class);
                })
            .run();
    assertThat(results).containsExactly("cached");
    assertThat(timeline.events(Kind.REQUEST))
        .extracting(TimelineEvent::subject, TimelineEvent::outcome, TimelineEvent::detail)
        .containsExactly(
            Tuple.tuple("GET /orders", Outcome.DEGRADED, ""),
            Tuple.tuple("GET /users", Outcome.ERROR, "IOException"));
  }

  @Test
  void aTimedCallHeldToAPromiseFailsTheStepWhenItTakesLongerAndPassesWhenItKeepsIt() {
    Timeline kept =
        scenario("kept")
            .hold(
                "answers at once",
                ctx -> ctx.timed("GET /fast", Duration.ofSeconds(30), () -> "ok", r -> Outcome.OK))
            .run();
    assertThat(kept.events(Kind.REQUEST))
        .extracting(TimelineEvent::subject, TimelineEvent::outcome)
        .containsExactly(Tuple.tuple("GET /fast", Outcome.OK));

    assertThatThrownBy(
            () ->
                scenario("broken")
                    .hold(
                        "answers within 10 ms",
                        ctx ->
                            ctx.timed(
                                "GET /slow",
                                Duration.ofMillis(10),
                                () -> {
                                  // a call that outlives its promise by far, on any machine
                                  java.util.concurrent.locks.LockSupport.parkNanos(
                                      Duration.ofMillis(600).toNanos());
                                  return "late";
                                },
                                r -> Outcome.OK))
                    .run())
        // a scenario failure, or on a machine too noisy to judge 600 ms against 10 ms the
        // overload verdict: both name the call
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET /slow");
  }

  @Test
  void theUsersSuccessRateCountsAnsweredRequestsButNotTheCallsABreakerWaitMakes()
      throws IOException {
    io.github.resilience4j.circuitbreaker.CircuitBreaker closed =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("orders");
    Timeline timeline =
        scenario("users")
            .hold(
                "one answered, one degraded, one error",
                ctx -> {
                  ctx.timed("GET /a", () -> "ok", r -> Outcome.OK);
                  ctx.timed("GET /b", () -> "cached", r -> Outcome.DEGRADED);
                  assertThatThrownBy(
                      () ->
                          ctx.timed(
                              "GET /c",
                              () -> {
                                throw new IOException("reset");
                              },
                              r -> Outcome.OK));
                  // the wait's own calls, failing, are not users'
                  ctx.assertThatBreaker(
                          io.infraaware.chaos.breaker.CircuitBreakerView.resilience4j(closed))
                      .whileCalling(
                          () -> {
                            throw new IOException("not a user");
                          })
                      .reaches(
                          io.infraaware.chaos.breaker.BreakerState.CLOSED, Duration.ofSeconds(5));
                })
            .run();
    assertThat(timeline.answers()).isEqualTo(new Timeline.Answers(3, 1, 1, 1));
    assertThat(console())
        .contains("| users: 3 request(s): 2 answered (66.7 %), 1 of them degraded, 1 error(s)");
    JsonNode users =
        new ObjectMapper()
            .readTree(reports.resolve("chaos-report.json").toFile())
            .path("scenarios")
            .get(0)
            .path("users");
    assertThat(users.path("requests").asInt()).isEqualTo(3);
    assertThat(users.path("errors").asInt()).isEqualTo(1);
    assertThat(users.path("successRate").asDouble()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(java.nio.file.Files.readString(reports.resolve("chaos-report.html")))
        .contains("66.7 % of 3 (1 degraded)");
  }

  @Test
  void anHttpRequestIsRecordedWithItsStatusAndA5xxIsAnError() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int status = exchange.getRequestURI().getPath().equals("/ok") ? 200 : 503;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Timeline timeline =
          scenario("http")
              .hold(
                  "one up, one down",
                  ctx -> {
                    ctx.http(
                        "GET /ok",
                        HttpRequest.newBuilder(URI.create(base + "/ok"))
                            .timeout(Duration.ofSeconds(10))
                            .build());
                    assertThat(
                            ctx.http(
                                    "GET /down",
                                    HttpRequest.newBuilder(URI.create(base + "/down"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build())
                                .statusCode())
                        .isEqualTo(503);
                  })
              .run();
      assertThat(timeline.events(Kind.REQUEST))
          .extracting(TimelineEvent::subject, TimelineEvent::outcome, TimelineEvent::detail)
          .containsExactly(
              Tuple.tuple("GET /ok", Outcome.OK, "200"),
              Tuple.tuple("GET /down", Outcome.ERROR, "503"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aHoldWhoseFaultMissedNeverSaysPassed() {
    fault.hitsTarget.set(false);
    assertThatThrownBy(() -> scenario("missed").hold("no traffic", ctx -> {}).run())
        .isInstanceOf(ScenarioFailedError.class);
    assertThat(console()).contains("hold: FAILED").doesNotContain("hold: passed");
  }

  @Test
  void theApplicationsLogIsKeptInTheReportWhenTheScenarioFailsAndOnlyThen(@TempDir Path app)
      throws IOException {
    Path log = app.resolve("backend.log");
    java.nio.file.Files.writeString(log, "started\nERROR pool exhausted\n");
    described("passes").keepLogOnFailure(log).inject(fault).hold("fine", ctx -> {}).run();
    assertThat(reports.resolve("logs")).doesNotExist();

    assertThatThrownBy(
            () ->
                described("Fails: pool!")
                    .keepLogOnFailure(log)
                    .inject(fault)
                    .hold(
                        "breaks",
                        ctx -> {
                          throw new AssertionError("expected 200 but was 503");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class);
    java.nio.file.Files.delete(log); // the temporary directory goes; the report keeps the copy
    List<Path> kept;
    try (var files = java.nio.file.Files.list(reports.resolve("logs"))) {
      kept = files.toList();
    }
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).getFileName().toString())
        .startsWith("fails-pool-")
        .endsWith("-backend.log");
    assertThat(kept.get(0)).hasContent("started\nERROR pool exhausted");
    String link = "logs/" + kept.get(0).getFileName();
    assertThat(java.nio.file.Files.readString(reports.resolve("chaos-report.html")))
        .contains("kept on failure: <a href=\"" + link + "\">");
    JsonNode json = new ObjectMapper().readTree(reports.resolve("chaos-report.json").toFile());
    assertThat(json.path("scenarios").get(0).path("keptLogs")).isEmpty();
    assertThat(json.path("scenarios").get(1).path("keptLogs").get(0).asText()).isEqualTo(link);
  }

  @Test
  void theJsonReportHasEachScenariosOutcomeDurationAndSteps() throws IOException {
    scenario("fine").hold("holds", ctx -> {}).recover("back", ctx -> {}).run();
    assertThatThrownBy(
            () ->
                scenario("broken")
                    .hold(
                        "holds",
                        ctx -> {
                          throw new AssertionError("\nExpecting 201\nbut was 500");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class);

    JsonNode json = new ObjectMapper().readTree(reports.resolve("chaos-report.json").toFile());
    JsonNode fine = json.path("scenarios").get(0);
    JsonNode broken = json.path("scenarios").get(1);
    assertThat(fine.path("name").asText()).isEqualTo("fine");
    assertThat(fine.path("outcome").asText()).isEqualTo("passed");
    assertThat(fine.path("durationMillis").canConvertToLong()).isTrue();
    assertThat(fine.path("firstFailure").isNull()).isTrue();
    List<String> phases = new ArrayList<>();
    fine.path("steps")
        .forEach(
            step ->
                phases.add(
                    step.has("expectation")
                        ? step.path("phase").asText() + "/" + step.path("expectation").asText()
                        : step.path("phase").asText()));
    assertThat(phases)
        .containsSubsequence("inject", "hold/holds", "hold", "heal", "recover/back", "recover");
    assertThat(broken.path("outcome").asText()).isEqualTo("failed");
    assertThat(broken.path("firstFailure").asText()).contains("Expecting 201");
    JsonNode failedStep = null;
    for (JsonNode step : broken.path("steps")) {
      if ("holds".equals(step.path("expectation").asText())) {
        failedStep = step;
      }
    }
    assertThat(failedStep).isNotNull();
    assertThat(failedStep.path("outcome").asText()).isEqualTo(Outcome.FAILED.label());
    assertThat(failedStep.path("detail").asText()).isEqualTo("Expecting 201");
  }
}
