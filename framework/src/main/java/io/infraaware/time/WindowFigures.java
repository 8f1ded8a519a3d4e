package io.infraaware.time;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What the kernel counted during one judged window, or why it could not: the figures behind a
 * {@link Noise}.
 *
 * <ul>
 *   <li>{@link #runQueueWait()}: for each process read (this JVM, and each child process the
 *       calibration {@linkplain Calibration#watch(long) watches}), the longest any one of its
 *       threads waited in a run queue during the window ({@code /proc/<pid>/task/*}{@code
 *       /schedstat}, field 2), added up over the processes, and at most the window and the CPU
 *       pressure stall. A thread blocked on a socket or a lock accrues none: a system that hangs is
 *       not excused by a busy machine;
 *   <li>{@link #cpuStall()}: how long, during the window, at least one task on the machine waited
 *       for a CPU ({@code /proc/pressure/cpu}, {@code some total=}), where the kernel has it;
 *   <li>{@link #processCpu()}: the CPU time this JVM's threads got per second of wall time (cores
 *       used).
 * </ul>
 *
 * @param source where the figures come from
 * @param window how long the window lasted
 * @param runQueueWait the longest run-queue wait of a thread in each process read, added up
 * @param cpuStall the machine's CPU pressure stall during the window, where the kernel has it
 * @param processCpu this JVM's CPU time per wall time during the window
 * @param threads how many threads were read
 * @param processes how many processes were read
 * @param longestWaiter the thread that waited longest for a CPU in the window, e.g. {@code
 *     [http-worker-3] (pid 4242) 80 ms}; empty when none waited
 * @param note why the kernel's figures were not used, or what was missing; empty when none
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public record WindowFigures(
    Source source,
    Duration window,
    Duration runQueueWait,
    Optional<Duration> cpuStall,
    double processCpu,
    int threads,
    int processes,
    String longestWaiter,
    String note) {

  /** Where a noise's figures come from. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public enum Source {
    /** The kernel's counts for the window itself. */
    KERNEL,
    /** The calibration's samples only: a wake-up's lateness and a busy loop's CPU share. */
    SAMPLED
  }

  /** Checks the components. */
  public WindowFigures {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(runQueueWait, "runQueueWait");
    Objects.requireNonNull(cpuStall, "cpuStall");
    Objects.requireNonNull(longestWaiter, "longestWaiter");
    Objects.requireNonNull(note, "note");
  }

  /**
   * No kernel figures: the noise was sampled.
   *
   * @param why why, for the report, e.g. {@code no /proc/self/task/*}{@code /schedstat}
   * @return the figures
   */
  public static WindowFigures sampled(String why) {
    return new WindowFigures(
        Source.SAMPLED, Duration.ZERO, Duration.ZERO, Optional.empty(), 0, 0, 0, "", why);
  }

  /**
   * Whether the kernel's figures judged the window.
   *
   * @return true for {@link Source#KERNEL}
   */
  public boolean fromKernel() {
    return source == Source.KERNEL;
  }

  /**
   * The figures in words.
   *
   * @return e.g. {@code from the kernel over 633 ms: run-queue wait 80 ms (2 processes, 61
   *     threads), CPU pressure stall 410 ms, this JVM used 0.92 cores}
   */
  public String describe() {
    if (!fromKernel()) {
      return "sampled, not from the kernel: " + note;
    }
    return String.format(
            Locale.ROOT,
            "from the kernel over %d ms: run-queue wait %d ms (%d process(es), %d threads%s), %s,"
                + " this JVM used %.2f cores",
            window.toMillis(),
            runQueueWait.toMillis(),
            processes,
            threads,
            longestWaiter.isEmpty() ? "" : "; longest " + longestWaiter,
            cpuStall
                .map(stall -> "CPU pressure stall " + stall.toMillis() + " ms")
                .orElse("no CPU pressure figures"),
            processCpu)
        + (note.isEmpty() ? "" : "; " + note);
  }
}
