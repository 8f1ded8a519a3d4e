package io.infraaware.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.infraaware.time.internal.SchedulerFigures;
import io.infraaware.time.internal.SchedulerFigures.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kernel's figures on this machine (Linux with schedstat): read cheaply, and judged right. */
class KernelNoiseTests {

  @BeforeAll
  static void onlyWhereTheKernelCounts() {
    assumeThat(Files.isReadable(Path.of("/proc/self/task/" + ProcessHandle.current().pid())))
        .as("a Linux /proc")
        .isTrue();
    assumeThat(SchedulerFigures.ofThisMachine().read(List.of()))
        .as("per-thread schedstat")
        .isPresent();
  }

  @Test
  void aReadingHasEveryThreadOfThisJvmAndOfAChild() throws Exception {
    Process child = new ProcessBuilder("sleep", "30").start();
    try {
      Reading reading = SchedulerFigures.ofThisMachine().read(List.of(child.pid())).orElseThrow();
      assertThat(reading.processes()).hasSize(2);
      assertThat(reading.process(ProcessHandle.current().pid()).orElseThrow().tids().length)
          .isGreaterThan(3);
      assertThat(reading.process(child.pid())).isPresent();
      assertThat(java.util.Arrays.stream(reading.processes().get(0).runNanos()).sum()).isPositive();
    } finally {
      child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /**
   * What a judgement costs: printed, so the cost is measured on every run (the figure is in the
   * report).
   */
  @Test
  void readingTheFiguresIsCheap() {
    SchedulerFigures figures = SchedulerFigures.ofThisMachine();
    figures.read(List.of()); // names of the threads are cached from the first reading
    int readings = 200;
    long start = System.nanoTime();
    int threads = 0;
    for (int i = 0; i < readings; i++) {
      threads = figures.read(List.of()).orElseThrow().threads();
    }
    double micros = (System.nanoTime() - start) / 1_000.0 / readings;
    System.out.printf(
        "[kernel noise] one reading of %d threads and the CPU pressure: %.0f µs%n",
        threads, micros);
    assertThat(threads).isPositive();
  }

  /**
   * The deliberate defect, for real: a call that ignores its 200 ms deadline and hangs 2 s, beside
   * two CPU hogs in other processes. The hung thread is blocked, so it waits for no CPU: the system
   * is blamed, not the machine.
   */
  @Test
  void aHungCallIsBlamedOnTheSystemBesideRealHogs() throws Exception {
    List<Process> hogs = new ArrayList<>();
    try (Calibration calibration = Calibration.start(Duration.ofMillis(250))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> calibration.samples() >= 10);
      for (int i = 0; i < 2; i++) {
        hogs.add(new ProcessBuilder("timeout", "20", "sh", "-c", "while :; do :; done").start());
      }
      Calibration.Window window = calibration.window();
      new CountDownLatch(1).await(2, TimeUnit.SECONDS); // the call that ignores its deadline
      Noise noise = window.noise();
      System.out.println("[kernel noise] the hung call's window: " + noise.describe());
      assertThat(noise.figures().fromKernel()).isTrue();
      assertThatThrownBy(() -> window.assertWithin("the hung call", Duration.ofMillis(200)))
          .isExactlyInstanceOf(TimingError.class)
          .hasMessageContaining("over its promise of 200 ms");
    } finally {
      // the loop runs in timeout's child: killing timeout alone (SIGKILL) orphaned it, and the
      // two hogs spun for the rest of the build and beyond
      for (Process hog : hogs) {
        List<ProcessHandle> loops = hog.descendants().toList();
        loops.forEach(ProcessHandle::destroyForcibly);
        hog.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        for (ProcessHandle loop : loops) {
          loop.onExit().get(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  @Test
  void withoutAKernelReadingTheCalibrationSamples() {
    Calibration sampled =
        new Calibration(Duration.ofSeconds(1), System::nanoTime, children -> Optional.empty());
    assertThat(sampled.noiseOver(Duration.ofMillis(10)).figures().fromKernel()).isFalse();
  }
}
