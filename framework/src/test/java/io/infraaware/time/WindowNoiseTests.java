package io.infraaware.time;

import static io.infraaware.time.FakeMachine.SELF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each promise judged with the noise of its own window, from the kernel's figures (a {@link
 * FakeMachine} behind the calibration's seam): a real breach (a deadline ignored, a breaker that
 * never opens) is blamed on the system on a quiet and on a busy machine; lateness the window lived
 * through is allowed; noise in the window above the ceiling is the machine's.
 */
class WindowNoiseTests {

  private static final Duration CEILING = Duration.ofSeconds(1);
  private static final Duration PROMISE = Duration.ofMillis(600);
  private static final long SERVER = 7;
  private static final long CHECKER = 8;
  private static final long CHILD = 4242;

  private final FakeMachine machine = new FakeMachine();
  private final Calibration calibration = new Calibration(CEILING, machine::now, machine);

  /**
   * A backend with a 500 ms deadline on its database calls: past it, it answers 202 (degraded) at
   * the deadline. The defect ignores the deadline and waits for the database.
   */
  private record Backend(FakeMachine machine, boolean ignoresDeadline) {
    int post(long databaseMs, long waitedForCpuMs) {
      machine.work(SELF, SERVER, 20, waitedForCpuMs);
      if (databaseMs > 500 && !ignoresDeadline) {
        machine.blocked(500);
        return 202;
      }
      machine.blocked(databaseMs);
      return 201;
    }
  }

  private Backend honest() {
    return new Backend(machine, false);
  }

  private Backend ignoringItsDeadline() {
    return new Backend(machine, true);
  }

  @Test
  void aDeadlineKeptOnAQuietMachinePasses() {
    Calibration.Window window = calibration.window();
    assertThat(honest().post(3_000, 0)).isEqualTo(202);
    Noise noise = window.assertWithin("POST", PROMISE);
    assertThat(noise.figures().fromKernel()).isTrue();
    assertThat(noise.starvation()).isZero();
  }

  @Test
  void aDeadlineIgnoredIsBlamedOnTheSystemOnAQuietMachine() {
    Calibration.Window window = calibration.window();
    ignoringItsDeadline().post(3_000, 0);
    assertThatThrownBy(() -> window.assertWithin("POST", PROMISE))
        .isExactlyInstanceOf(TimingError.class)
        .hasMessageStartingWith("POST took 3020 ms: 2420 ms over its promise of 600 ms, beyond")
        .hasMessageContaining("from the kernel over 3020 ms: run-queue wait 0 ms");
  }

  /**
   * As under 8 hogs: the machine stalls for the whole window and the request's thread waited 300 ms
   * for a CPU, but the 3 s the backend spent blocked on its database are no noise.
   */
  @Test
  void aDeadlineIgnoredIsBlamedOnTheSystemOnABusyMachine() {
    Calibration.Window window = calibration.window();
    machine.othersStall(3_000);
    ignoringItsDeadline().post(3_000, 300);
    assertThatThrownBy(() -> window.assertWithin("POST", PROMISE))
        .isExactlyInstanceOf(TimingError.class)
        .hasMessageContaining("took 3320 ms: 2720 ms over its promise of 600 ms")
        .hasMessageContaining("run-queue wait 300 ms")
        .hasMessageContaining("CPU pressure stall 3300 ms");
  }

  @Test
  void lateBecauseTheRequestWaitedForACpuIsAllowed() {
    Calibration.Window window = calibration.window();
    assertThat(honest().post(3_000, 300)).isEqualTo(202);
    Noise noise = window.assertWithin("POST", PROMISE); // 820 ms: within 600 + 300
    assertThat(noise.starvation()).isEqualTo(Duration.ofMillis(300));
    assertThat(noise.cpuShare()).isEqualTo(20.0 / 320);
  }

  @Test
  void noiseInTheWindowAboveTheCeilingIsTheMachines() {
    Calibration.Window window = calibration.window();
    honest().post(3_000, 1_500);
    assertThatThrownBy(() -> window.assertWithin("POST", PROMISE))
        .isExactlyInstanceOf(MachineOverloadedError.class)
        .hasMessageStartingWith("POST took 2020 ms against its promise of 600 ms, but the machine")
        .hasMessageContaining("run-queue wait 1500 ms")
        .hasMessageContaining("the system under test is not blamed");
  }

  /**
   * A breaker that opens after 5 failed background checks, one every 250 ms: its promise is 1.5 s.
   * The defect never opens.
   */
  private AssertionError awaitBreaker(boolean neverOpens, long checkWaitsForCpuMs) {
    Calibration.Window window = calibration.window();
    Duration promise = Duration.ofMillis(1_500);
    Duration limit = Duration.ofSeconds(20);
    int failedChecks = 0;
    while (window.elapsed().compareTo(limit) < 0) {
      machine.blocked(250).work(CHILD, CHECKER, 5, checkWaitsForCpuMs);
      failedChecks++;
      if (failedChecks >= 5 && !neverOpens) {
        window.assertWithin("the database breaker opens", promise);
        return null;
      }
    }
    return window.notHappened("the database breaker opens", promise);
  }

  @Test
  void aBreakerThatOpensLateBecauseItsChecksWaitedForACpuPasses() {
    calibration.watch(CHILD);
    machine.work(CHILD, CHECKER, 0, 0);
    assertThat(awaitBreaker(false, 0)).isNull();
    // each check waits 200 ms: 5 checks take 2.3 s, 1 s of which is the machine's
    assertThat(awaitBreaker(false, 200)).isNull();
  }

  @Test
  void aBreakerThatNeverOpensIsBlamedOnTheSystemQuietAndBusy() {
    calibration.watch(CHILD);
    machine.work(CHILD, CHECKER, 0, 0);
    assertThat(awaitBreaker(true, 0))
        .isExactlyInstanceOf(TimingError.class)
        .hasMessageStartingWith("the database breaker opens had not happened after 20");
    // busy: its checks waited 8 s in all for a CPU over the 20 s: far from the 18.5 s missing
    AssertionError busy = awaitBreaker(true, 200);
    assertThat(busy)
        .isExactlyInstanceOf(TimingError.class)
        .hasMessageContaining("over its promise of 1500 ms");
    assertThat(busy.getMessage()).containsPattern("run-queue wait [89]\\d{3} ms");
  }

  @Test
  void aBreakerWhoseChecksTheMachineStarvedIsTheMachines() {
    calibration.watch(CHILD);
    machine.work(CHILD, CHECKER, 0, 0);
    assertThat(awaitBreaker(true, 4_000))
        .isExactlyInstanceOf(MachineOverloadedError.class)
        .hasMessageContaining("the system under test is not blamed");
  }

  @Test
  void theLongestWaitOfEachProcessCountsAtMostTheCpuStall() {
    calibration.watch(CHILD);
    machine.work(SELF, SERVER, 0, 0).work(CHILD, CHECKER, 0, 0);
    Calibration.Window window = calibration.window();
    machine.work(SELF, SERVER, 10, 100).work(SELF, 9, 10, 40).work(CHILD, CHECKER, 10, 200);
    Noise noise = window.noise();
    assertThat(noise.starvation()).isEqualTo(Duration.ofMillis(300));
    assertThat(noise.figures().processes()).isEqualTo(2);
    assertThat(noise.figures().threads()).isEqualTo(3);

    // the two processes waited at the same time: the machine stalled only 150 ms
    Calibration.Window together = calibration.window();
    machine.work(SELF, SERVER, 0, 150);
    machine.work(CHILD, CHECKER, 0, 150).othersStall(-150);
    assertThat(together.noise().starvation()).isEqualTo(Duration.ofMillis(150));
  }

  @Test
  void noiseOverAWindowStartsFromTheLastReadingBeforeIt() {
    machine.work(SELF, SERVER, 0, 500); // before the window
    calibration.keep(machine.apply(java.util.List.of()).orElseThrow());
    machine.blocked(10);
    machine.work(SELF, SERVER, 20, 80);
    Noise noise = calibration.noiseOver(Duration.ofMillis(100));
    assertThat(noise.starvation()).isEqualTo(Duration.ofMillis(80));
    assertThat(noise.figures().window()).isEqualTo(Duration.ofMillis(110));
  }

  @Test
  void withoutTheKernelsFiguresTheNoiseIsSampledAndSaysSo() {
    FakeMachine old = new FakeMachine().withoutSchedstat();
    Calibration sampled = new Calibration(CEILING, old::now, old);
    Noise noise = sampled.window().noise();
    assertThat(noise.figures().source()).isEqualTo(WindowFigures.Source.SAMPLED);
    assertThat(noise.describe())
        .contains(
            "sampled, not from the kernel: this machine has no per-thread scheduler figures"
                + " (/proc/self/task/*/schedstat)");

    FakeMachine noPressure = new FakeMachine().withoutPressure();
    Calibration partial = new Calibration(CEILING, noPressure::now, noPressure);
    Calibration.Window window = partial.window();
    noPressure.work(SELF, SERVER, 10, 50);
    Noise withoutStall = window.noise();
    assertThat(withoutStall.figures().cpuStall()).isEmpty();
    assertThat(withoutStall.starvation()).isEqualTo(Duration.ofMillis(50));
    assertThat(withoutStall.describe())
        .contains("no CPU pressure figures")
        .contains("no /proc/pressure/cpu");
  }

  @Test
  void aChildThatEndsDuringTheWindowIsSaid() {
    calibration.watch(CHILD);
    machine.work(CHILD, CHECKER, 0, 0);
    Calibration.Window window = calibration.window();
    machine.exits(CHILD).blocked(100);
    assertThat(window.noise().figures().note())
        .isEqualTo("child 4242 ended during the window, its figures are lost");
  }
}
