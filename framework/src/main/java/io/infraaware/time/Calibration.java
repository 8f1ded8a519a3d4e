package io.infraaware.time;

import io.infraaware.runtime.internal.DaemonThreads;
import io.infraaware.time.internal.SchedulerFigures;
import io.infraaware.time.internal.SchedulerFigures.Reading;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apiguardian.api.API;

/**
 * Measures how noisy this machine is while a run goes on, so that promises about time are judged as
 * {@code promise + noise} (bounded by a ceiling) instead of against a fixed margin that a busy CI
 * runner outgrows. A daemon thread samples, every {@value #PERIOD_MILLIS} ms, how late it wakes
 * from a sleep (the scheduling delay) and, every {@value #BUSY_EVERY}th sample, how much CPU time a
 * short busy loop gets per unit of wall time (the CPU share). Neither depends on the system under
 * test, so a slow system cannot pass for a noisy machine.
 *
 * <p>Where the Linux kernel counts scheduling per thread, each judged window is also judged by what
 * it lived through: the run-queue wait of this JVM's threads (and of each {@linkplain #watch(long)
 * watched} child process's) between a reading at the window's start and one at its end, and the
 * machine's CPU pressure stall meanwhile ({@link WindowFigures}). The sampler takes a reading every
 * {@value #KERNEL_EVERY} samples (about every 200 ms), so {@link #noiseOver(Duration)} starts from
 * the last reading before the window; {@link #window()} reads at the very start. Elsewhere the
 * noise is the sampled one, and its {@link Noise#figures()} say so.
 *
 * <pre>{@code
 * try (Calibration calibration = Calibration.start(Duration.ofSeconds(1))) {
 *   long start = System.nanoTime();
 *   Response response = get("/messages");
 *   Duration took = Duration.ofNanos(System.nanoTime() - start);
 *   calibration.noiseOver(took).assertWithin("GET /messages", took, deadline);
 * }
 * }</pre>
 *
 * <p>Costs about 2.5% of one core while it runs. Keeps the last {@value #CAPACITY} samples (about
 * five minutes); an observation longer than that is judged by the samples it still has.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class Calibration implements AutoCloseable {

  /** The ceiling when none is chosen: at most one second of noise is allowed. */
  public static final Duration DEFAULT_CEILING = Duration.ofSeconds(1);

  static final long PERIOD_MILLIS = 20;
  static final int BUSY_EVERY = 10;
  static final int CAPACITY = 16_384;
  static final int KERNEL_EVERY = 10;
  static final int KERNEL_CAPACITY = 1_024;
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);

  /**
   * The CPU time each busy sample asks for: longer than the head start a scheduler gives a thread
   * that just woke (a 1 ms loop runs untouched even beside a busy thread on every core).
   */
  private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** CPU share is averaged over at least this many busy samples, for a steadier estimate. */
  private static final int MIN_BUSY_SAMPLES = 3;

  private final Duration ceiling;
  private final LongSupplier clock;
  private final long startedAt;
  private final long[] at = new long[CAPACITY];
  private final long[] late = new long[CAPACITY];
  private final long[] busyWall = new long[CAPACITY];
  private final long[] busyCpu = new long[CAPACITY];
  private int count; // guarded by this
  private long peakDelay; // guarded by this
  private volatile Thread probe;
  private volatile boolean closed;

  /** Reads the kernel's figures; null when the noise is sampled only. */
  private final Function<Collection<Long>, Optional<Reading>> kernel;

  private final Set<Long> watched = new CopyOnWriteArraySet<>();
  private final Reading[] readings = new Reading[KERNEL_CAPACITY];
  private int readingCount; // guarded by this

  Calibration(Duration ceiling, LongSupplier clock) {
    this(ceiling, clock, null);
  }

  /**
   * The seam for tests: {@code kernel} stands for the kernel's figures (a fake makes a window's
   * noise whatever the test needs); null samples only.
   */
  Calibration(
      Duration ceiling, LongSupplier clock, Function<Collection<Long>, Optional<Reading>> kernel) {
    Objects.requireNonNull(ceiling, "ceiling");
    if (ceiling.isNegative()) {
      throw new IllegalArgumentException("A noise ceiling cannot be negative, was " + ceiling);
    }
    this.ceiling = ceiling;
    this.clock = clock;
    this.startedAt = clock.getAsLong();
    this.kernel = kernel;
    takeReading();
  }

  /**
   * Starts measuring.
   *
   * @param ceiling the most noise a judgement allows; above it, a late time is the machine's
   * @return the running calibration; close it when the run ends
   */
  public static Calibration start(Duration ceiling) {
    Calibration calibration =
        new Calibration(ceiling, System::nanoTime, SchedulerFigures.ofThisMachine()::read);
    calibration.probe = DaemonThreads.start("calibration", calibration::sample);
    return calibration;
  }

  /**
   * A calibration that measures nothing: every judgement allows no noise. For code that may run
   * without one.
   *
   * @param ceiling the ceiling its noise reports
   * @return the calibration
   */
  public static Calibration none(Duration ceiling) {
    return new Calibration(ceiling, System::nanoTime);
  }

  /**
   * The most noise a judgement allows.
   *
   * @return the ceiling
   */
  public Duration ceiling() {
    return ceiling;
  }

  /**
   * The noise during an observation that ended just now.
   *
   * @param observed how long it lasted
   * @return the scheduling delay and CPU starvation measured meanwhile
   */
  public Noise noiseOver(Duration observed) {
    long now = clock.getAsLong();
    return noise(now - observed.toNanos(), now, null);
  }

  /**
   * The noise since a moment: for the timeline of a phase.
   *
   * @param startNanos a {@link System#nanoTime()} reading
   * @return the noise measured since then, its starvation over the whole time
   */
  public Noise noiseSince(long startNanos) {
    return noise(startNanos, clock.getAsLong(), null);
  }

  /**
   * Opens a window now: what happens until it is judged is judged with the noise of exactly this
   * window, the kernel read at its start.
   *
   * <pre>{@code
   * Calibration.Window window = calibration.window();
   * Response response = post("/messages");
   * window.assertWithin("POST /messages", deadline);
   * }</pre>
   *
   * @return the window
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public Window window() {
    Reading start = kernel == null ? null : kernel.apply(watched).orElse(null);
    return new Window(clock.getAsLong(), start);
  }

  /**
   * Counts a child process's threads in every window from now on: for a system under test that runs
   * as a process the test started. A process that ends is left out.
   *
   * @param pid the child's process id
   * @return this calibration
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public Calibration watch(long pid) {
    watched.add(pid);
    return this;
  }

  /**
   * Stops counting a child process.
   *
   * @param pid the child's process id
   * @return this calibration
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public Calibration unwatch(long pid) {
    watched.remove(pid);
    return this;
  }

  /**
   * A judged window, opened by {@link Calibration#window()}.
   *
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public final class Window {

    private final long startNanos;
    private final Reading start;

    private Window(long startNanos, Reading start) {
      this.startNanos = startNanos;
      this.start = start;
    }

    /**
     * How long the window has lasted.
     *
     * @return the time since it opened
     */
    public Duration elapsed() {
      return Duration.ofNanos(clock.getAsLong() - startNanos);
    }

    /**
     * The noise this window lived through so far.
     *
     * @return the noise
     */
    public Noise noise() {
      return Calibration.this.noise(startNanos, clock.getAsLong(), start);
    }

    /**
     * Checks that what the window timed, which happened just now, kept its promise.
     *
     * @param what what was timed, e.g. {@code POST /messages}
     * @param promise how long it may take on a quiet machine
     * @return the noise it was judged with
     * @throws TimingError when it took longer than the promise and all the window's noise
     * @throws MachineOverloadedError when only noise above the ceiling would explain it
     */
    public Noise assertWithin(String what, Duration promise) {
      Duration took = elapsed();
      Noise noise = noise();
      noise.assertWithin(what, took, promise);
      return noise;
    }

    /**
     * The verdict on a promise that had not come true when the wait for it ended: the system's
     * failure ({@link TimingError}), or the machine's ({@link MachineOverloadedError}) when only
     * noise above the ceiling would explain it. Throw it.
     *
     * @param what what was promised, e.g. {@code the database breaker opens}
     * @param promise how long it may take on a quiet machine
     * @return the error to throw
     */
    public AssertionError notHappened(String what, Duration promise) {
      Duration waited = elapsed();
      try {
        noise().assertHappenedWithin(what, waited, promise);
      } catch (TimingError | MachineOverloadedError verdict) {
        return verdict;
      }
      throw new IllegalStateException("unreachable: a promise not kept has a verdict");
    }
  }

  /**
   * The longest a sleeping thread woke late since the calibration started: a stall longer than the
   * ceiling means the machine, not the system under test, held the run up.
   *
   * @return the peak scheduling delay
   */
  public synchronized Duration peakSchedulingDelay() {
    return Duration.ofNanos(Math.max(peakDelay, pendingDelay(clock.getAsLong())));
  }

  /**
   * How many samples were taken so far.
   *
   * @return the count
   */
  public synchronized int samples() {
    return count;
  }

  /** The noise between two moments, from the kernel's figures where it has them. */
  private Noise noise(long from, long to, Reading knownStart) {
    if (kernel == null) {
      return sampledBetween(from, to, "measured by the calibration's samples");
    }
    Optional<Reading> end = kernel.apply(watched);
    if (end.isEmpty()) {
      return sampledBetween(
          from,
          to,
          "this machine has no per-thread scheduler figures (/proc/self/task/*/schedstat)");
    }
    Reading start = knownStart != null ? knownStart : readingAtOrBefore(from);
    if (start == null) {
      return sampledBetween(from, to, "no reading of the kernel's figures from before the window");
    }
    long lateBy = start.atNanos() - from;
    String note =
        lateBy > PERIOD_NANOS
            ? "the first reading came "
                + TimeUnit.NANOSECONDS.toMillis(lateBy)
                + " ms into the window"
            : "";
    KernelWindow.Result window = KernelWindow.between(start, end.get(), note);
    Noise sampled = sampledBetween(from, to, "");
    return new Noise(
        sampled.schedulingDelay(),
        window.share(),
        window.figures().runQueueWait(),
        ceiling,
        window.figures());
  }

  /** The last reading taken at or before a moment, else the oldest kept; null when none. */
  private synchronized Reading readingAtOrBefore(long at) {
    Reading oldest = null;
    for (int i = readingCount - 1; i >= Math.max(0, readingCount - KERNEL_CAPACITY); i--) {
      Reading reading = readings[i % KERNEL_CAPACITY];
      if (reading.atNanos() <= at) {
        return reading;
      }
      oldest = reading;
    }
    return oldest;
  }

  /** Keeps a reading of the kernel's figures, for windows that start later. */
  private void takeReading() {
    if (kernel == null) {
      return;
    }
    Optional<Reading> reading;
    try {
      reading = kernel.apply(watched);
    } catch (RuntimeException e) {
      return;
    }
    reading.ifPresent(this::keep);
  }

  /** Keeps a reading; the sampler's, or a test's. */
  synchronized void keep(Reading reading) {
    readings[readingCount % KERNEL_CAPACITY] = reading;
    readingCount++;
  }

  private Noise sampledBetween(long from, long to, String note) {
    Noise sampled = samplesBetween(from, to);
    return new Noise(
        sampled.schedulingDelay(),
        sampled.cpuShare(),
        sampled.starvation(),
        ceiling,
        WindowFigures.sampled(note));
  }

  private synchronized Noise samplesBetween(long from, long to) {
    long delay = pendingDelay(to);
    long wall = 0;
    long cpu = 0;
    int busy = 0;
    int newest = count - 1;
    int oldest = Math.max(0, count - CAPACITY);
    for (int i = newest; i >= oldest; i--) {
      int slot = i % CAPACITY;
      // a sample covers the period before it was taken
      boolean inside = at[slot] >= from && at[slot] - PERIOD_NANOS <= to;
      if (!inside && busy >= MIN_BUSY_SAMPLES && at[slot] < from) {
        break;
      }
      if (inside) {
        delay = Math.max(delay, late[slot]);
      }
      if (busyWall[slot] > 0 && (inside || busy < MIN_BUSY_SAMPLES)) {
        wall += busyWall[slot];
        cpu += busyCpu[slot];
        busy++;
      }
    }
    double share = wall == 0 ? 1 : Math.min(1, (double) cpu / wall);
    long span = Math.max(0, to - from);
    return new Noise(
        Duration.ofNanos(delay), share, Duration.ofNanos(Math.round(span * (1 - share))), ceiling);
  }

  /** How late the probe is now, if it has not woken when it should have: a stall in progress. */
  private long pendingDelay(long now) {
    if (probe == null) {
      return 0;
    }
    long last = count == 0 ? startedAt : at[(count - 1) % CAPACITY];
    return Math.max(0, now - last - PERIOD_NANOS - BUSY_NANOS);
  }

  /** Records one sample; the probe's, or a test's. */
  synchronized void record(long atNanos, long lateNanos, long wallNanos, long cpuNanos) {
    int slot = count % CAPACITY;
    at[slot] = atNanos;
    late[slot] = Math.max(0, lateNanos);
    busyWall[slot] = wallNanos;
    busyCpu[slot] = cpuNanos;
    count++;
    peakDelay = Math.max(peakDelay, late[slot]);
  }

  private void sample() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
    if (cpuTime && !threads.isThreadCpuTimeEnabled()) {
      cpuTime = false;
    }
    for (long n = 0; !closed; n++) {
      long before = System.nanoTime();
      LockSupport.parkNanos(PERIOD_NANOS);
      long woke = System.nanoTime();
      long wall = 0;
      long cpu = 0;
      if (cpuTime && n % BUSY_EVERY == 0) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long spent = 0;
        // spin until the thread has had its CPU time (or ten times as long went by without it)
        while (spent < BUSY_NANOS && System.nanoTime() - wallStart < 10 * BUSY_NANOS) {
          spent = threads.getCurrentThreadCpuTime() - cpuStart;
        }
        wall = System.nanoTime() - wallStart;
        cpu = Math.min(spent, wall);
      }
      record(System.nanoTime(), woke - before - PERIOD_NANOS, wall, cpu);
      if (n % KERNEL_EVERY == KERNEL_EVERY / 2) {
        takeReading();
      }
    }
  }

  /** Stops the probe; idempotent. */
  @Override
  public void close() {
    closed = true;
    Thread running = probe;
    if (running != null) {
      LockSupport.unpark(running);
      boolean interrupted = Thread.interrupted();
      try {
        running.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Calibration[%d samples, peak scheduling delay %d ms, ceiling %d ms]",
        samples(),
        peakSchedulingDelay().toMillis(),
        ceiling.toMillis());
  }
}
