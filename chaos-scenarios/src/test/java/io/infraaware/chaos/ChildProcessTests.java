package io.infraaware.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A system under test as a real child process: signals, exit codes, restarts, its output. */
class ChildProcessTests {

  @TempDir Path work;

  static List<String> shell(String script) {
    return List.of("/bin/sh", "-c", script);
  }

  /** Says it is ready, stops on SIGTERM saying so with exit code 3, else waits. */
  private static final String GRACEFUL =
      "trap 'echo stopping gracefully; exit 3' TERM; echo \"ready on run $RUN\";"
          + " while true; do sleep 1 & wait $!; done";

  @Test
  void aKillEndsItAtOnceWithSigkillAndAStartRunsItAgainInTheSameDirectory() throws Exception {
    try (ChildProcess child =
        ChildProcess.command("graceful", shell(GRACEFUL))
            .directory(work)
            .environment(Map.of("RUN", "1"))
            .readyWhenOutputMatches("ready on run (\\d+)")
            .start()) {
      assertThat(child.readiness().group(1)).isEqualTo("1");
      long pid = child.pid();
      assertThat(child.kill())
          .matches("pid " + pid + " got SIGKILL and exited with 137 in \\d+ ms");
      assertThat(child.isRunning()).isFalse();
      assertThat(child.exitCode()).contains(137);
      assertThat(child.output())
          .as("no trap runs on SIGKILL")
          .doesNotContain("stopping gracefully");

      assertThat(child.start()).matches("started as pid \\d+, ready in \\d+\\.\\d s");
      assertThat(child.pid()).isNotEqualTo(pid);
      assertThat(child.output())
          .as("the output of this run only")
          .containsExactly("ready on run 1");
      // appended across restarts (what else the dying shell printed in between is its business)
      assertThat(Files.readAllLines(work.resolve("graceful.log")))
          .filteredOn("ready on run 1"::equals)
          .hasSize(2);
    }
  }

  @Test
  void aStopSendsSigtermAndTheProcessCleansUp() {
    try (ChildProcess child =
        ChildProcess.command("graceful", shell(GRACEFUL))
            .directory(work)
            .readyWhenOutputMatches("ready")
            .start()) {
      assertThat(child.stop()).contains("got SIGTERM and exited with 3 in");
      assertThat(child.output()).contains("stopping gracefully");
    }
  }

  @Test
  void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriodAndTheResultSaysSo() {
    try (ChildProcess child =
        ChildProcess.command(
                "stubborn", shell("trap '' TERM; echo ready; while true; do sleep 1; done"))
            .directory(work)
            .readyWhenOutputMatches("ready")
            .stopWithin(Duration.ofMillis(300))
            .start()) {
      assertThat(child.stop())
          .contains("exited with 137")
          .endsWith("(killed after 300 ms of SIGTERM)");
    }
  }

  @Test
  void aProcessThatExitsBeforeItIsReadyFailsTheStartWithWhatItPrinted() {
    assertThatThrownBy(
            () ->
                ChildProcess.command("broken", shell("echo 'DATABASE_URL is not a URL'; exit 2"))
                    .directory(work)
                    .readyWhenOutputMatches("listening")
                    .start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Child process [broken] exited with 2 before it was ready")
        .hasMessageContaining("DATABASE_URL is not a URL");
  }

  @Test
  void theOutputTailInAFailureHoldsNoConfiguredSecret() {
    // a service configured in this JVM with a password: the child prints it, the failure must not
    io.infraaware.runtime.internal.SecretText.remember("child-s3cret-pw");
    assertThatThrownBy(
            () ->
                ChildProcess.command(
                        "leaky",
                        shell(
                            "echo 'connecting to redis://app:child-s3cret-pw@127.0.0.1:6379';"
                                + " echo 'password child-s3cret-pw rejected'; exit 2"))
                    .directory(work)
                    .readyWhenOutputMatches("listening")
                    .start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("redis://****@127.0.0.1:6379")
        .hasMessageContaining("password **** rejected")
        .extracting(Throwable::getMessage)
        .asString()
        .doesNotContain("s3cret");
  }

  @Test
  void aScenarioFailureTextHoldsNoConfiguredSecret() {
    io.infraaware.runtime.internal.SecretText.remember("report-s3cret-pw");
    PhaseResult result =
        new PhaseResult(
            Phase.HEAL, false, 1, Duration.ofMillis(1), "login as report-s3cret-pw failed", false);
    assertThat(result.detail()).isEqualTo("login as **** failed");
  }

  @Test
  void aProcessThatIsNotReadyInTimeIsKilledAndTheStartFails() {
    assertThatThrownBy(
            () ->
                ChildProcess.command("silent", shell("exec sleep 600"))
                    .directory(work)
                    .readyWhenOutputMatches("listening")
                    .startWithin(Duration.ofMillis(300))
                    .start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "was not ready within 300 ms (no line matched [listening]); it was killed");
  }

  @Test
  void theEnvironmentIsTheOneGivenAndNothingElseOfTheTests() throws Exception {
    try (ChildProcess child =
        ChildProcess.command("env", shell("env; echo done"))
            .directory(work)
            .environment(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test"))
            .readyWhenOutputMatches("done")
            .start()) {
      List<String> names =
          child.output().stream()
              .filter(line -> line.contains("="))
              .map(line -> line.substring(0, line.indexOf('=')))
              .toList();
      assertThat(names)
          .contains("DATABASE_URL")
          .isSubsetOf("DATABASE_URL", "PATH", "HOME", "LANG", "PWD", "SHLVL", "_");
    }
  }

  @Test
  void aSecondStartWhileRunningAndAKillWhenStoppedAreRefused() {
    try (ChildProcess child =
        ChildProcess.command("sleeper", shell("echo ready; exec sleep 600"))
            .directory(work)
            .readyWhenOutputMatches("ready")
            .start()) {
      assertThatThrownBy(child::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Child process [sleeper] is running already, as pid " + child.pid());
      child.kill();
      assertThatThrownBy(child::kill)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Child process [sleeper] is not running");
    }
  }

  @Test
  void badSettingsAreRefusedNamingThem() throws Exception {
    assertThatThrownBy(() -> ChildProcess.command("../escape", shell("true")))
        .hasMessageContaining("names its log file")
        .hasMessageContaining("[../escape]");
    assertThatThrownBy(() -> ChildProcess.command("x", shell("true")).stopWithin(Duration.ZERO))
        .hasMessage("stopWithin must be positive, was PT0S");
    Path missing = work.resolve("missing");
    assertThatThrownBy(() -> ChildProcess.command("x", shell("true")).directory(missing).start())
        .hasMessage("Child process [x]: no working directory at [" + missing + "]");
    assertThat(Files.exists(missing)).isFalse();
  }

  @Test
  void aRunKilledMidLineLeavesTheNextRunItsOwnFirstLine() {
    try (ChildProcess child =
        ChildProcess.command("partial", shell("printf 'ready\\nhalf a line'; exec sleep 600"))
            .directory(work)
            .readyWhenOutputMatches("^ready$")
            .start()) {
      child.kill();
      child.start();
      assertThat(child.output()).containsExactly("ready", "half a line");
    }
  }

  @Test
  void aBuilderChangedAfterTheStartChangesNothingForARestart() {
    ChildProcess.Builder builder =
        ChildProcess.command("settled", shell("echo \"ready with $SETTING\"; exec sleep 600"))
            .directory(work)
            .environment(Map.of("SETTING", "first"))
            .readyWhenOutputMatches("ready with (\\w+)");
    try (ChildProcess child = builder.start()) {
      builder.environment(Map.of("SETTING", "second"));
      child.kill();
      child.start();
      assertThat(child.readiness().group(1)).isEqualTo("first");
    }
  }

  @Test
  void closingAProcessThatEndedByItselfIsQuiet() throws Exception {
    ChildProcess child =
        ChildProcess.command("brief", shell("echo ready; exit 0"))
            .directory(work)
            .readyWhenOutputMatches("ready")
            .start();
    org.awaitility.Awaitility.await().until(() -> !child.isRunning());
    child.close();
    assertThat(child.exitCode()).contains(0);
  }

  @Test
  void outputThatIsNotUtf8IsReadWithReplacements() throws Exception {
    try (ChildProcess child =
        ChildProcess.command("bytes", shell("printf 'caf\\351\\n'; echo ready; exec sleep 600"))
            .directory(work)
            .readyWhenOutputMatches("ready")
            .start()) {
      assertThat(child.output()).containsExactly("caf\uFFFD", "ready");
    }
  }
}
