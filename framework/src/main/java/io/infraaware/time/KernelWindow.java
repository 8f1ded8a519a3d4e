package io.infraaware.time;

import io.infraaware.time.internal.SchedulerFigures.Reading;
import io.infraaware.time.internal.SchedulerFigures.Threads;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The noise of one window from two kernel readings: at (or just before) its start, and its end. */
final class KernelWindow {

  private KernelWindow() {}

  /**
   * The figures between two readings.
   *
   * @param start the reading at or before the window's start
   * @param end the reading at its end
   * @param note what the report should know, e.g. that the start reading came late
   * @return the figures, and the CPU share in {@link #share}
   */
  static Result between(Reading start, Reading end, String note) {
    long span = Math.max(1, end.atNanos() - start.atNanos());
    long pathWait = 0;
    long run = 0;
    long waited = 0;
    long ownRun = 0;
    StringBuilder missing = new StringBuilder(note);
    long mostWaited = 0;
    String mostWaiting = "";
    for (Threads now : end.processes()) {
      Optional<Threads> before = start.process(now.pid());
      if (before.isEmpty() && now.pid() != end.processes().get(0).pid()) {
        // a child watched since after the start reading: all it waited since it started counts
        append(missing, "child " + now.pid() + " read from its start");
      }
      long longest = 0;
      for (int i = 0; i < now.tids().length; i++) {
        long tid = now.tids()[i];
        long w = Math.max(0, now.waitNanos()[i] - before.map(b -> b.waitOf(tid)).orElse(0L));
        long r = Math.max(0, now.runNanos()[i] - before.map(b -> b.runOf(tid)).orElse(0L));
        longest = Math.max(longest, w);
        if (w > mostWaited) {
          mostWaited = w;
          String name = now.names()[i];
          mostWaiting =
              String.format(
                  Locale.ROOT,
                  "[%s] (pid %d) %d ms",
                  name == null ? "thread " + tid : name,
                  now.pid(),
                  w / 1_000_000L);
        }
        run += r;
        waited += w;
        if (now == end.processes().get(0)) {
          ownRun += r;
        }
      }
      pathWait += longest;
    }
    for (Threads then : start.processes()) {
      if (end.process(then.pid()).isEmpty() && then != start.processes().get(0)) {
        append(missing, "child " + then.pid() + " ended during the window, its figures are lost");
      }
    }
    Optional<Duration> stall = Optional.empty();
    if (start.cpuStallMicros() >= 0 && end.cpuStallMicros() >= 0) {
      long stallNanos = Math.max(0, end.cpuStallMicros() - start.cpuStallMicros()) * 1_000L;
      stall = Optional.of(Duration.ofNanos(stallNanos));
      // waits on a request's path are one after another, each counted in the stall
      pathWait = Math.min(pathWait, stallNanos);
    } else {
      append(missing, "no /proc/pressure/cpu");
    }
    pathWait = Math.min(pathWait, span);
    double share = run + waited == 0 ? 1 : (double) run / (run + waited);
    WindowFigures figures =
        new WindowFigures(
            WindowFigures.Source.KERNEL,
            Duration.ofNanos(span),
            Duration.ofNanos(pathWait),
            stall,
            (double) ownRun / span,
            end.threads(),
            end.processes().size(),
            mostWaiting,
            missing.toString());
    return new Result(figures, share);
  }

  private static void append(StringBuilder note, String more) {
    if (note.length() > 0) {
      note.append("; ");
    }
    note.append(more);
  }

  /** The figures and the CPU share the window's threads got. */
  record Result(WindowFigures figures, double share) {}
}
