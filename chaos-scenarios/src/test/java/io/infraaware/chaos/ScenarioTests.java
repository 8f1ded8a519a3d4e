package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.infraaware.chaos.TimelineEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

class ScenarioTests {

  @TempDir Path reports;
  private final FakeInjection fault = new FakeInjection();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  /** A scenario's settings for these tests, before its steady state and fault. */
  private Scenario described(String name) {
    return Scenario.named(name)
        .reportTo(ScenarioReport.in(reports))
        .printTo(new PrintStream(console, true, StandardCharsets.UTF_8))
        .manifestWithin(Duration.ofMillis(300));
  }

  /** A scenario with the fake fault and no steady state. */
  private Scenario.Faulted scenario(String name) {
    return described(name).inject(fault);
  }

  private String console() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void phasesRunInOrderAndTheFaultIsOnOnlyWhileHolding() {
    List<String> seen = new ArrayList<>();
    Timeline timeline =
        described("ordered")
            .steadyState("before", ctx -> seen.add("steady, fault on: " + fault.isOn()))
            .inject(fault)
            .hold("during", ctx -> seen.add("hold, fault on: " + fault.isOn()))
            .recover("after", ctx -> seen.add("recover, fault on: " + fault.isOn()))
            .run();
    assertThat(seen)
        .as("and the steady state is checked again at the end")
        .containsExactly(
            "steady, fault on: false",
            "hold, fault on: true",
            "recover, fault on: false",
            "steady, fault on: false");
    assertThat(timeline.events(Kind.PHASE))
        .extracting(TimelineEvent::subject, TimelineEvent::outcome)
        .containsSubsequence(
            org.assertj.core.groups.Tuple.tuple("steady state", Outcome.PASSED),
            org.assertj.core.groups.Tuple.tuple("inject", Outcome.PASSED),
            org.assertj.core.groups.Tuple.tuple("hold", Outcome.PASSED),
            org.assertj.core.groups.Tuple.tuple("heal", Outcome.PASSED),
            org.assertj.core.groups.Tuple.tuple("recover", Outcome.PASSED));
    assertThat(console())
        .contains("[chaos] ordered | steady state: passed")
        .contains("[chaos] ordered | heal: passed");
  }

  @Test
  void aFailedSteadyStateInjectsNothing() {
    assertThatThrownBy(
            () ->
                described("unsteady")
                    .steadyState(
                        "system is up",
                        ctx -> {
                          throw new AssertionError("503");
                        })
                    .inject(fault)
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage("Scenario [unsteady] failed in steady state: system is up: 503");
    assertThat(fault.applied).hasValue(0);
  }

  @Test
  void aSteadyStateThatDoesNotReturnFailsTheRecovery() {
    java.util.concurrent.atomic.AtomicBoolean healthy =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    assertThatThrownBy(
            () ->
                described("no way back")
                    .steadyStateReturnsWithin(Duration.ofMillis(300))
                    .steadyState(
                        "the system answers",
                        ctx -> assertThat(healthy.get()).as("answers").isTrue())
                    .inject(fault)
                    .hold("it breaks for good", ctx -> healthy.set(false))
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageStartingWith(
            "Scenario [no way back] failed in recover: steady state returns: the system answers:");
    assertThat(fault.isOn()).isFalse();
  }

  @Test
  void aSteadyStateThatTakesAWhileToReturnIsWaitedFor() {
    java.util.concurrent.atomic.AtomicLong healedAt = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicInteger tries =
        new java.util.concurrent.atomic.AtomicInteger();
    described("slow recovery")
        .steadyState(
            "the system answers",
            ctx -> {
              tries.incrementAndGet();
              assertThat(healedAt.get() == 0 || System.nanoTime() > healedAt.get())
                  .as("answers")
                  .isTrue();
            })
        .inject(fault)
        // broken for 300 ms from the end of the hold: the first re-check after recovery fails
        .hold(
            "it breaks for a while",
            ctx -> healedAt.set(System.nanoTime() + Duration.ofMillis(300).toNanos()))
        .run();
    assertThat(tries.get()).as("the returning steady state was retried").isGreaterThan(2);
  }

  @Test
  void aMissedFaultCountsAsAFailedScenarioInTheReport() {
    fault.hitsTarget.set(false);
    ScenarioReport report = ScenarioReport.in(reports);
    assertThatThrownBy(
            () ->
                Scenario.named("missed in the report")
                    .reportTo(report)
                    .printTo(new PrintStream(console, true, StandardCharsets.UTF_8))
                    .manifestWithin(Duration.ofMillis(100))
                    .inject(fault)
                    .hold("passes", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class);
    assertThat(report.failedCount()).isEqualTo(1);
  }

  @Test
  void healGetsThroughOnAnInterruptedThreadAndKeepsTheInterrupt() {
    FakeInjection refusesWhenInterrupted = new FakeInjection(true);
    boolean interruptedAfter;
    try {
      assertThatThrownBy(
              () ->
                  Scenario.named("interrupted")
                      .reportTo(ScenarioReport.in(reports))
                      .printTo(new PrintStream(console, true, StandardCharsets.UTF_8))
                      .inject(refusesWhenInterrupted)
                      .hold(
                          "is interrupted",
                          ctx -> {
                            Thread.currentThread().interrupt();
                            throw new InterruptedException("a timeout");
                          })
                      .run())
          .isInstanceOf(ScenarioFailedError.class)
          .hasMessageContaining("a timeout");
    } finally {
      interruptedAfter = Thread.interrupted();
    }
    assertThat(refusesWhenInterrupted.isOn()).as("removed despite the interrupt").isFalse();
    assertThat(interruptedAfter).as("the interrupt is kept for JUnit").isTrue();
  }

  @Test
  void observersSampleThroughoutTheRunAndStopWithIt() {
    java.util.concurrent.atomic.AtomicInteger samples =
        new java.util.concurrent.atomic.AtomicInteger();
    Timeline timeline =
        described("observed")
            .observe(
                Duration.ofMillis(20),
                ctx -> {
                  if (samples.incrementAndGet() % 2 == 0) {
                    throw new IllegalStateException("the system does not answer now");
                  }
                  ctx.timeline().health(fault.isOn() ? "DEGRADED" : "UP");
                })
            .steadyState(
                "sampled before the fault",
                ctx ->
                    org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> !ctx.timeline().events(Kind.HEALTH).isEmpty()))
            .inject(fault)
            .hold(
                "the fault is seen",
                ctx ->
                    org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(2))
                        .until(() -> samples.get() >= 6))
            .run();
    assertThat(timeline.events(Kind.HEALTH))
        .extracting(event -> event.outcome().label())
        .containsSubsequence("UP", "DEGRADED");
    int atEnd = samples.get();
    org.awaitility.Awaitility.await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> samples.get() <= atEnd + 1);
  }

  @Test
  void aScenarioOverItsBoundIsInterruptedAndHasHealedWhenTheCallReturns() {
    CountDownLatch never = new CountDownLatch(1);
    assertThatThrownBy(
            () ->
                scenario("bounded")
                    .hold("waits forever", ctx -> never.await())
                    .runWithin(Duration.ofMillis(300)))
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage(
            "Scenario [bounded] did not finish within 300 ms; it was interrupted and removed its"
                + " faults");
    assertThat(fault.isOn()).as("healed before runWithin returned").isFalse();
  }

  @Test
  void healRunsAfterAFailedExpectation() {
    assertThatThrownBy(
            () ->
                scenario("failing hold")
                    .hold(
                        "breaker opens",
                        ctx -> {
                          throw new AssertionError("still CLOSED");
                        })
                    .recover(
                        "never",
                        ctx -> {
                          throw new IllegalStateException("recover must not run");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage("Scenario [failing hold] failed in hold: breaker opens: still CLOSED");
    assertThat(fault.removed).hasValue(1);
    assertThat(fault.isOn()).isFalse();
  }

  @Test
  void healRunsAfterAnException() {
    assertThatThrownBy(
            () ->
                scenario("throwing hold")
                    .hold(
                        "calls the system",
                        ctx -> {
                          throw new IOException("connection reset");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(fault.isOn()).isFalse();
  }

  @Test
  void aFaultThatMissesItsTargetFailsTheScenarioSayingSo() {
    fault.hitsTarget.set(false);
    List<String> holdRan = new ArrayList<>();
    assertThatThrownBy(() -> scenario("missed").hold("degraded", ctx -> holdRan.add("ran")).run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage(
            "Scenario [missed] failed in hold: the fault [fake outage] missed its target: no traffic crossed the fake proxy");
    assertThat(holdRan)
        .as("the checks ran, and passing them did not save the scenario")
        .containsExactly("ran");
    assertThat(fault.isOn()).isFalse();
  }

  @Test
  void theSeedIsPrintedAndReplaysTheSameRandomness() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    described("seeded")
        .seed(42)
        .inject(fault)
        .hold("draws", ctx -> first.add(ctx.random("draws").nextLong()))
        .run();
    described("seeded again")
        .seed(42)
        .inject(fault)
        .hold("draws", ctx -> second.add(ctx.random("draws").nextLong()))
        .run();
    assertThat(first).isEqualTo(second);
    assertThat(console()).contains("seed 42 (replay with -Dinfra.chaos.seed=42)");
  }

  @Test
  void theReportHoldsEveryScenarioOfTheRun() throws IOException {
    scenario("first")
        .hold(
            "ok", ctx -> ctx.timeline().request("GET /", Outcome.OK, Duration.ofMillis(12), "200"))
        .run();
    scenario("second")
        .hold(
            "ok",
            ctx -> ctx.timeline().request("GET /", Outcome.ERROR, Duration.ofMillis(900), "503"))
        .run();
    String html = Files.readString(reports.resolve("chaos-report.html"));
    assertThat(html)
        .contains("<h2 id=\"scenario-1\">1. first")
        .contains("<h2 id=\"scenario-2\">2. second")
        .contains("<svg")
        .contains("fake outage");
    String json = Files.readString(reports.resolve("chaos-report.json"));
    assertThat(json).contains("\"name\" : \"first\"").contains("\"latencyMillis\" : 900");
    assertThat(console())
        .contains("report " + reports.resolve("chaos-report.html").toAbsolutePath());
  }

  @Test
  void everyStepReturnsANewScenarioAndLeavesTheOriginalAsItWas() {
    List<String> ran = new ArrayList<>();
    Scenario.Faulted base =
        described("immutable").steadyState("base", ctx -> ran.add("base")).inject(fault);
    Scenario.Holding longer = base.hold("only in the longer one", ctx -> ran.add("hold"));
    base.run();
    assertThat(ran).containsExactly("base", "base");
    ran.clear();
    longer.run();
    assertThat(ran).containsExactly("base", "hold", "base");
  }

  @Test
  void listenersAreToldOfEveryPhaseAndOfTheEnd() {
    List<String> told = new ArrayList<>();
    ScenarioListener listener =
        new ScenarioListener() {
          @Override
          public void scenarioStarted(ScenarioContext context) {
            told.add("started " + context.name());
          }

          @Override
          public void phaseFinished(ScenarioContext context, PhaseResult result) {
            told.add(result.phase() + (result.passed() ? " passed" : " failed"));
          }

          @Override
          public void scenarioFinished(
              ScenarioContext context, java.util.Optional<ScenarioFailedError> failure) {
            told.add(failure.isEmpty() ? "held" : "failed");
          }
        };
    described("told").listener(listener).inject(fault).hold("holds", ctx -> {}).run();
    assertThat(told)
        .containsExactly(
            "started told",
            "steady state passed",
            "inject passed",
            "hold passed",
            "heal passed",
            "recover passed",
            "held");
  }

  @Test
  void aListenerThatThrowsFailsTheScenarioAfterTheOthersWereTold() {
    ScenarioReport report = ScenarioReport.in(reports);
    assertThatThrownBy(
            () ->
                described("noisy listener")
                    .listener(
                        new ScenarioListener() {
                          @Override
                          public void scenarioFinished(
                              ScenarioContext context,
                              java.util.Optional<ScenarioFailedError> failure) {
                            throw new IllegalStateException("disk full");
                          }
                        })
                    .inject(fault)
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage("Scenario [noisy listener] could not tell its listeners what happened")
        .hasRootCauseMessage("disk full");
    assertThat(report.timelines()).extracting(Timeline::scenario).contains("noisy listener");
  }

  @Test
  void anOutOfMemoryErrorIsRethrownOnceTheFaultsAreRemoved() {
    OutOfMemoryError fatal = new OutOfMemoryError("simulated");
    assertThatThrownBy(
            () ->
                scenario("out of memory")
                    .hold(
                        "allocates",
                        ctx -> {
                          throw fatal;
                        })
                    .run())
        .isSameAs(fatal);
    assertThat(fault.isOn()).as("removed before the error went on").isFalse();
  }

  @Test
  void anyOtherErrorFromACheckFailsTheScenario() {
    assertThatThrownBy(
            () ->
                scenario("deep recursion")
                    .hold(
                        "recurses",
                        ctx -> {
                          throw new StackOverflowError();
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasCauseInstanceOf(StackOverflowError.class)
        .hasMessage(
            "Scenario [deep recursion] failed in hold: recurses: java.lang.StackOverflowError");
    assertThat(fault.isOn()).isFalse();
  }

  @Test
  void theReportOpensWithAnIndexAndFoldsTheEventTables() throws IOException {
    scenario("holds").hold("ok", ctx -> {}).run();
    assertThatThrownBy(
            () ->
                scenario("breaks")
                    .hold(
                        "breaker opens",
                        ctx -> {
                          throw new AssertionError("still CLOSED\nexpected OPEN");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class);
    String html = Files.readString(reports.resolve("chaos-report.html"));
    String index =
        html.substring(html.indexOf("<table class=\"index\">"), html.indexOf("</table>"));
    assertThat(index)
        .contains("<a href=\"#scenario-1\">holds</a></td><td class=\"passed\">passed")
        .contains("<a href=\"#scenario-2\">breaks</a></td><td class=\"failed\">failed")
        .contains("breaker opens: still CLOSED")
        .doesNotContain("expected OPEN");
    assertThat(html.indexOf("<table class=\"index\">"))
        .as("the index comes before the first scenario")
        .isLessThan(html.indexOf("id=\"scenario-1\""));
    assertThat(html).contains("<details><summary>").doesNotContain("<details open");
  }

  @Test
  void theChartDrawsBandsForOpenAndHalfOpenBreakersOnlyAndAnyOtherStateEndsThem()
      throws IOException {
    String open = "rgba(255,140,0,.35)";
    String halfOpen = "rgba(255,215,0,.45)";
    scenario("breakers")
        .hold(
            "the breaker opens, the system dies, comes back",
            ctx -> {
              ctx.timeline().breaker("database", "CLOSED");
              ctx.timeline().breaker("database", "OPEN");
              ctx.timeline().breaker("database", "not running");
              ctx.timeline().breaker("database", "CLOSED");
            })
        .run();
    String html = Files.readString(reports.resolve("chaos-report.html"));
    String chart = html.substring(html.indexOf("id=\"scenario-1\""));
    assertThat(chart.split(java.util.regex.Pattern.quote(open), -1))
        .as("one OPEN band, ended by [not running]")
        .hasSize(2);
    assertThat(chart).as("[not running] is not HALF_OPEN").doesNotContain(halfOpen);
  }

  @Test
  void aFaultOfOnesOwnIsUndoneOnceWhenTheScenarioHealsEvenAfterAFailedHold() {
    List<String> done = new ArrayList<>();
    assertThatThrownBy(
            () ->
                scenario("own fault")
                    .inject(
                        Injection.of(
                            "limit on role app",
                            ctx -> {
                              done.add("limited");
                              return () -> done.add("lifted");
                            }))
                    .hold(
                        "users are answered",
                        ctx -> {
                          done.add("hold");
                          throw new AssertionError("503");
                        })
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage("Scenario [own fault] failed in hold: users are answered: 503");
    assertThat(done).containsExactly("limited", "hold", "lifted");
  }

  @Test
  void aFaultOfOnesOwnThatCannotBeUndoneFailsTheScenarioNamingIt() {
    assertThatThrownBy(
            () ->
                scenario("stuck fault")
                    .inject(
                        Injection.of(
                            "limit on role app",
                            ctx ->
                                () -> {
                                  throw new java.sql.SQLException("connection lost");
                                }))
                    .hold("holds", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage("Scenario [stuck fault] could not remove its faults")
        .hasRootCauseMessage("connection lost")
        .cause()
        .hasMessage("Could not undo [limit on role app]: connection lost");
    assertThat(fault.isOn()).as("the other faults are removed").isFalse();
  }

  /** Noise as a machine with half its CPU taken and 30 ms wake-up delays would show. */
  private static io.infraaware.time.Noise loadedNoise(Duration observed, Duration ceiling) {
    return new io.infraaware.time.Noise(Duration.ofMillis(30), 0.5, observed.dividedBy(2), ceiling);
  }

  /** A scenario whose hold judges a GET that took {@code observed} against a 500 ms deadline. */
  private Scenario.Holding judging(String name, Duration observed, Duration ceiling) {
    return described(name)
        .noiseCeiling(ceiling)
        .inject(fault)
        .hold(
            "answers within the deadline",
            ctx ->
                ctx.assertWithin(
                    "GET /", observed, Duration.ofMillis(500), loadedNoise(observed, ceiling)));
  }

  @Test
  void timesAreJudgedAgainstTheirPromisePlusTheMeasuredNoise() {
    Timeline timeline =
        judging("noisy but kept", Duration.ofMillis(600), Duration.ofSeconds(1)).run();
    assertThat(timeline.events(Kind.TIMING))
        .singleElement()
        .satisfies(
            timing -> {
              assertThat(timing.outcome()).isEqualTo(Outcome.WITHIN_NOISE);
              assertThat(timing.latencyMillis()).isEqualTo(600);
              assertThat(timing.detail())
                  .startsWith(
                      "100 ms over its promise of 500 ms, within the measured noise of 330");
            });
  }

  @Test
  void aBreachBeyondTheNoiseFailsTheScenarioWithTheNumbers() {
    assertThatThrownBy(() -> judging("late", Duration.ofSeconds(3), Duration.ofSeconds(1)).run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasCauseInstanceOf(io.infraaware.time.TimingError.class)
        .hasMessageContaining(
            "failed in hold: answers within the deadline: GET / took 3000 ms: 2500 ms over its"
                + " promise of 500 ms, beyond the measured noise of 1530 ms")
        .satisfies(e -> assertThat(((ScenarioFailedError) e).machineOverloaded()).isFalse());
  }

  @Test
  void aTimeOnlyNoiseAboveTheCeilingExplainsFailsAsTheMachinesFault() throws IOException {
    // over the promise and the whole ceiling, but within the noise measured meanwhile
    assertThatThrownBy(
            () -> judging("overloaded", Duration.ofMillis(750), Duration.ofMillis(200)).run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasCauseInstanceOf(io.infraaware.time.MachineOverloadedError.class)
        .hasMessageContaining("\nThe machine was overloaded: GET / took 750 ms")
        .hasMessageContaining("the system under test is not blamed")
        .satisfies(e -> assertThat(((ScenarioFailedError) e).machineOverloaded()).isTrue());
    assertThat(Files.readString(reports.resolve("chaos-report.html")))
        .contains("failed, machine overloaded");
  }

  @Test
  void theMachinesNoiseIsMeasuredPerPhaseAndShown() throws IOException {
    Timeline timeline = scenario("calibrated").hold("holds", ctx -> {}).run();
    assertThat(timeline.events(Kind.CALIBRATION))
        .extracting(TimelineEvent::subject)
        .containsExactly("steady state", "inject", "hold", "heal", "recover");
    assertThat(timeline.events(Kind.CALIBRATION))
        .allSatisfy(event -> assertThat(event.detail()).startsWith("CPU share "));
    assertThat(timeline.noiseByPhase())
        .containsOnlyKeys("steady state", "inject", "hold", "heal", "recover");
    assertThat(Files.readString(reports.resolve("chaos-report.json")))
        .contains("\"calibration\"")
        .contains("\"cpuShare\"");
    assertThat(Files.readString(reports.resolve("chaos-report.html")))
        .contains("<th>machine noise</th>")
        .contains("CPU share ≥ ");
    assertThat(console()).contains("[chaos] calibrated | machine noise: CPU share ≥ ");
  }

  @Test
  void aGenuineBreachIsStillCaughtWhenTheMachineIsLoaded() throws InterruptedException {
    java.util.concurrent.atomic.AtomicBoolean spinning =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    List<Thread> hogs = new ArrayList<>();
    try {
      assertThatThrownBy(
              () ->
                  described("breach under load")
                      .noiseCeiling(Duration.ofMillis(250))
                      .steadyState(
                          "the machine is loaded: a busy thread on every core, twice over",
                          ctx -> {
                            for (int i = 0;
                                i < 2 * Runtime.getRuntime().availableProcessors();
                                i++) {
                              Thread hog = new Thread(() -> spin(spinning), "scenario-test-hog");
                              hog.setDaemon(true);
                              hogs.add(hog);
                              hog.start();
                            }
                          })
                      .inject(fault)
                      .hold(
                          "a call answers within 100 ms",
                          ctx -> {
                            long start = System.nanoTime();
                            new CountDownLatch(1).await(1500, TimeUnit.MILLISECONDS); // it hangs
                            ctx.assertWithin(
                                "the call",
                                Duration.ofNanos(System.nanoTime() - start),
                                Duration.ofMillis(100));
                          })
                      .run())
          .as("1.4 s over a 100 ms promise is more than the whole 250 ms ceiling")
          .isInstanceOf(ScenarioFailedError.class)
          .hasMessageContaining("failed in hold: a call answers within 100 ms: the call took")
          .hasMessageContaining("its promise of 100 ms");
    } finally {
      spinning.set(false);
      for (Thread hog : hogs) {
        hog.join(5000);
      }
    }
  }

  private static void spin(java.util.concurrent.atomic.AtomicBoolean spinning) {
    long x = 0;
    while (spinning.get()) {
      x += System.nanoTime() % 7;
    }
    if (x == 42) {
      System.out.print("");
    }
  }

  @Test
  void healRunsWhenAJUnitTimeoutInterruptsTheHold() {
    TimingOutTestCase.fault = fault;
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(TimingOutTestCase.class))
        .configurationParameter(
            "junit.jupiter.execution.timeout.thread.mode.default", "SAME_THREAD")
        .execute()
        .testEvents()
        .assertStatistics(stats -> stats.failed(1));
    assertThat(fault.applied).hasValue(1);
    assertThat(fault.isOn()).isFalse();
  }

  static class TimingOutTestCase {
    static FakeInjection fault;

    @Test
    @Timeout(value = 300, unit = TimeUnit.MILLISECONDS)
    void holdsForever(@TempDir Path reports) {
      CountDownLatch never = new CountDownLatch(1);
      Scenario.named("timeout")
          .reportTo(ScenarioReport.in(reports))
          .inject(fault)
          .hold("waits", ctx -> never.await())
          .run();
    }
  }

  @Test
  void aReportDirectoryWithAControlCharacterIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> ScenarioReport.configured("target/chaos\nINFO all green"))
        .isInstanceOf(io.infraaware.config.InfraConfigurationException.class)
        .hasMessageContaining("infra.chaos.report.dir")
        .hasMessageContaining("control characters (index 12)");
  }
}
