package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.chaos.TimelineEvent.Kind;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes as scenario faults: in the order described, healed by a restart, in the timeline. */
class CrashTests {

  @TempDir Path work;
  private final List<String> seen = new ArrayList<>();
  private final AtomicInteger starts = new AtomicInteger();

  /** A service of the test JVM that records its starts and closes. */
  private final class Service implements AutoCloseable {
    final int generation = starts.incrementAndGet();

    @Override
    public void close() {
      seen.add("closed " + generation);
    }
  }

  private Scenario scenario(String name) {
    return Scenario.named(name)
        .reportTo(ScenarioReport.in(work.resolve("reports")))
        .printTo(new PrintStream(OutputStream.nullOutputStream()))
        .manifestWithin(Duration.ofSeconds(5));
  }

  @Test
  void aCrashDescribedAfterAHoldCheckComesAfterItAndIsHealedFirstByARestart() {
    FakeInjection outage = new FakeInjection();
    InProcess<Service> backend = InProcess.started("backend", Service::new);
    Timeline timeline =
        scenario("crash during an outage")
            .inject(outage)
            .hold(
                "writes are accepted",
                ctx -> seen.add("hold: generation " + backend.current().generation))
            .inject(Crash.kill(backend))
            .hold("the backend is down", ctx -> seen.add("down: " + !backend.isRunning()))
            .recover(
                "the restarted backend serves",
                ctx ->
                    seen.add(
                        "recover: generation "
                            + backend.current().generation
                            + ", outage on: "
                            + outage.isOn()))
            .run();
    assertThat(seen)
        .containsExactly(
            "hold: generation 1",
            "closed 1",
            "down: true",
            "recover: generation 2, outage on: false");
    assertThat(timeline.events())
        .filteredOn(e -> e.kind() == Kind.FAULT_ON || e.kind() == Kind.FAULT_OFF)
        .extracting(TimelineEvent::subject, TimelineEvent::outcome)
        .as("healed newest first: the backend restarts while the outage is still on")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fake outage", Outcome.ON),
            org.assertj.core.groups.Tuple.tuple("kill [backend], restarted on heal", Outcome.ON),
            org.assertj.core.groups.Tuple.tuple("kill [backend], restarted on heal", Outcome.OFF),
            org.assertj.core.groups.Tuple.tuple("fake outage", Outcome.OFF));
    assertThat(timeline.events(Kind.NOTE))
        .filteredOn(note -> note.subject().equals("backend"))
        .extracting(TimelineEvent::detail)
        .satisfiesExactly(
            killed -> assertThat(killed).startsWith("crashed in-process"),
            started -> assertThat(started).startsWith("started in-process"));
    assertThat(timeline.events(Kind.EXPECTATION))
        .extracting(TimelineEvent::subject)
        .contains("inject kill [backend], restarted on heal");
    backend.close();
  }

  @Test
  void thenRestartBringsTheSystemBackWhileTheOtherFaultsAreOn() {
    FakeInjection outage = new FakeInjection();
    InProcess<Service> backend = InProcess.started("backend", Service::new);
    scenario("restart during an outage")
        .inject(outage)
        .inject(Crash.stop(backend).thenRestart())
        .hold(
            "the restarted backend meets the outage",
            ctx ->
                seen.add(
                    "generation " + backend.current().generation + ", outage on: " + outage.isOn()))
        .run();
    assertThat(seen).containsExactly("closed 1", "generation 2, outage on: true");
    backend.close();
    assertThat(starts).as("healing starts nothing that runs").hasValue(2);
  }

  @Test
  void aSystemThatCannotStartAgainFailsTheScenarioAndTheOtherFaultsAreStillRemoved() {
    FakeInjection outage = new FakeInjection();
    InProcess<Service> backend =
        InProcess.started(
            "backend",
            () -> {
              if (starts.get() > 0) {
                throw new IllegalStateException("port 8080 in use");
              }
              return new Service();
            });
    assertThatThrownBy(
            () ->
                scenario("no restart")
                    .inject(outage)
                    .hold("writes are accepted", ctx -> {})
                    .inject(Crash.kill(backend))
                    .hold("it is down", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage("Scenario [no restart] could not remove its faults")
        .hasRootCauseMessage("port 8080 in use");
    assertThat(outage.isOn()).isFalse();
  }

  @Test
  void aCrashOfASystemThatIsNotRunningFailsTheHoldAndHealsTheRest() {
    FakeInjection outage = new FakeInjection();
    InProcess<Service> backend = InProcess.started("backend", Service::new);
    backend.close();
    assertThatThrownBy(
            () ->
                scenario("not running")
                    .inject(outage)
                    .hold("writes are accepted", ctx -> {})
                    .inject(Crash.kill(backend))
                    .hold("it is down", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessage(
            "Scenario [not running] failed in hold: inject kill [backend], restarted on heal:"
                + " [backend] is not running");
    assertThat(outage.isOn()).isFalse();
    assertThat(backend.isRunning()).as("a failed crash restarts nothing").isFalse();
  }

  @Test
  void aCrashAfterTheLastHoldCheckCannotBeWritten() {
    // .hold(...).inject(Crash.kill(backend)).run() does not compile: the stage after a fault
    // injected in the hold phase offers only the expectation that checks it
    assertThat(
            java.util.Arrays.stream(Scenario.HoldInjected.class.getDeclaredMethods())
                .filter(method -> java.lang.reflect.Modifier.isPublic(method.getModifiers()))
                .map(java.lang.reflect.Method::getName))
        .containsExactly("hold");
  }

  @Test
  void aRestartThatFailsAtOnceFailsTheHoldAndHealingTriesAgain() {
    InProcess<Service> backend =
        InProcess.started(
            "backend",
            () -> {
              if (starts.get() == 1) {
                starts.incrementAndGet(); // the second start fails, the third works
                throw new IllegalStateException("port 8080 in use");
              }
              return new Service();
            });
    assertThatThrownBy(
            () ->
                scenario("restart fails")
                    .inject(Crash.kill(backend).thenRestart())
                    .hold("holds", ctx -> {})
                    .run())
        .isInstanceOf(ScenarioFailedError.class)
        .hasMessageContaining("[backend] did not start again: port 8080 in use");
    assertThat(backend.isRunning()).as("healing started it").isTrue();
    backend.close();
  }

  @Test
  void aChildProcessGetsARealSigkillAndIsStartedAgainOnHeal() {
    try (ChildProcess child =
        ChildProcess.command("sleeper", ChildProcessTests.shell("echo ready; exec sleep 600"))
            .directory(work)
            .readyWhenOutputMatches("ready")
            .start()) {
      long first = child.pid();
      Timeline timeline =
          scenario("child crash")
              .inject(Crash.kill(child))
              .hold("it is gone", ctx -> assertThat(child.exitCode()).contains(137))
              .run();
      assertThat(child.isRunning()).isTrue();
      assertThat(child.pid()).isNotEqualTo(first);
      assertThat(timeline.events(Kind.NOTE))
          .extracting(TimelineEvent::detail)
          .anyMatch(d -> d.matches("pid " + first + " got SIGKILL and exited with 137 in \\d+ ms"))
          .anyMatch(d -> d.startsWith("started as pid " + child.pid()));
    }
  }
}
