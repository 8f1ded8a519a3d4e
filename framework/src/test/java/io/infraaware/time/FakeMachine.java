package io.infraaware.time;

import io.infraaware.time.internal.SchedulerFigures.Reading;
import io.infraaware.time.internal.SchedulerFigures.Threads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A machine whose kernel figures a test writes: a clock, threads that run, wait for a CPU or block,
 * and the CPU pressure other work puts on it. Stands for {@code /proc} behind {@link Calibration}'s
 * seam, so that what a window lived through is exactly what the test says.
 */
final class FakeMachine implements Function<Collection<Long>, Optional<Reading>> {

  static final long SELF = 100;
  static final long MS = 1_000_000L;

  private long now = 1_000 * MS;
  private final Map<Long, Map<Long, long[]>> processes = new TreeMap<>();
  private long stallMicros;
  private boolean schedstat = true;
  private boolean pressure = true;

  FakeMachine() {
    processes.put(SELF, new TreeMap<>());
  }

  long now() {
    return now;
  }

  /** A thread of a process runs {@code runMs} and waits {@code waitMs} for a CPU: both pass. */
  FakeMachine work(long pid, long tid, long runMs, long waitMs) {
    long[] times =
        processes.computeIfAbsent(pid, p -> new TreeMap<>()).computeIfAbsent(tid, t -> new long[2]);
    times[0] += runMs * MS;
    times[1] += waitMs * MS;
    stallMicros += waitMs * 1_000;
    now += (runMs + waitMs) * MS;
    return this;
  }

  /** Threads block (a socket, a sleep): time passes, no thread waits for a CPU. */
  FakeMachine blocked(long ms) {
    now += ms * MS;
    return this;
  }

  /** Other processes crowd the CPUs: the machine stalls, but no thread of ours was ready to run. */
  FakeMachine othersStall(long ms) {
    stallMicros += ms * 1_000;
    return this;
  }

  FakeMachine withoutSchedstat() {
    schedstat = false;
    return this;
  }

  FakeMachine withoutPressure() {
    pressure = false;
    return this;
  }

  FakeMachine exits(long pid) {
    processes.remove(pid);
    return this;
  }

  @Override
  public Optional<Reading> apply(Collection<Long> children) {
    if (!schedstat) {
      return Optional.empty();
    }
    List<Threads> read = new ArrayList<>();
    read.add(threads(SELF));
    for (long child : children) {
      if (processes.containsKey(child)) {
        read.add(threads(child));
      }
    }
    return Optional.of(new Reading(now, List.copyOf(read), pressure ? stallMicros : -1));
  }

  private Threads threads(long pid) {
    Map<Long, long[]> threads = processes.get(pid);
    long[] tids = new long[threads.size()];
    long[] run = new long[tids.length];
    long[] wait = new long[tids.length];
    int i = 0;
    for (Map.Entry<Long, long[]> thread : threads.entrySet()) {
      tids[i] = thread.getKey();
      run[i] = thread.getValue()[0];
      wait[i] = thread.getValue()[1];
      i++;
    }
    return new Threads(pid, tids, run, wait);
  }
}
