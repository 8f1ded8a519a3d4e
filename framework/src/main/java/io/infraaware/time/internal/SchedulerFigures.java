package io.infraaware.time.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Reads what the Linux kernel counts about scheduling: for each thread of a process, the time it
 * ran and the time it waited in a run queue ({@code /proc/<pid>/task/<tid>/schedstat}, fields 1 and
 * 2, in nanoseconds), and the machine's CPU pressure stall ({@code /proc/pressure/cpu}, the {@code
 * some total=} line, in microseconds). A blocked thread (waiting on a socket, a lock, a sleep)
 * accrues no run-queue wait: only time it was ready to run and no CPU took it.
 *
 * <p>One reading costs a directory listing and one small file read per thread; the JIT compiler
 * threads and the calibration's own probe are left out, since no request waits for them.
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class SchedulerFigures {

  private static final System.Logger LOG = System.getLogger(SchedulerFigures.class.getName());
  private static final Path PROC = Path.of("/proc");
  private static final Path CPU_PRESSURE = PROC.resolve("pressure/cpu");

  /** Thread names (as the kernel truncates them, 15 bytes) whose waits no request lives through. */
  private static final List<String> LEFT_OUT =
      List.of("C1 CompilerThre", "C2 CompilerThre", "infraaware-cali");

  private final Path proc;
  private final Map<Long, String> names = new ConcurrentHashMap<>();
  private volatile boolean warned;

  private SchedulerFigures(Path proc) {
    this.proc = proc;
  }

  /**
   * The reader of this machine's {@code /proc}.
   *
   * @return the reader
   */
  public static SchedulerFigures ofThisMachine() {
    return new SchedulerFigures(PROC);
  }

  /**
   * The run and wait times of one process's threads at one moment.
   *
   * @param pid the process
   * @param tids the threads, ascending
   * @param runNanos each thread's time on a CPU
   * @param waitNanos each thread's time waiting in a run queue
   * @param names each thread's name, as the kernel keeps it (15 bytes at most)
   */
  public record Threads(long pid, long[] tids, long[] runNanos, long[] waitNanos, String[] names) {

    /**
     * Without names.
     *
     * @param pid the process
     * @param tids the threads, ascending
     * @param runNanos each thread's time on a CPU
     * @param waitNanos each thread's time waiting in a run queue
     */
    public Threads(long pid, long[] tids, long[] runNanos, long[] waitNanos) {
      this(pid, tids, runNanos, waitNanos, new String[tids.length]);
    }

    /**
     * A thread's wait at this reading, or 0 if it did not exist yet.
     *
     * @param tid the thread
     * @return the wait in nanoseconds
     */
    public long waitOf(long tid) {
      int i = Arrays.binarySearch(tids, tid);
      return i < 0 ? 0 : waitNanos[i];
    }

    /**
     * A thread's run time at this reading, or 0 if it did not exist yet.
     *
     * @param tid the thread
     * @return the run time in nanoseconds
     */
    public long runOf(long tid) {
      int i = Arrays.binarySearch(tids, tid);
      return i < 0 ? 0 : runNanos[i];
    }
  }

  /**
   * Every figure at one moment.
   *
   * @param atNanos the {@link System#nanoTime()} of the reading
   * @param processes this JVM first, then each watched child still alive
   * @param cpuStallMicros the machine's CPU pressure stall so far, or -1 where the kernel has none
   */
  public record Reading(long atNanos, List<Threads> processes, long cpuStallMicros) {

    /**
     * One process's threads, if it was read.
     *
     * @param pid the process
     * @return its threads
     */
    public Optional<Threads> process(long pid) {
      return processes.stream().filter(p -> p.pid() == pid).findFirst();
    }

    /**
     * How many threads were read.
     *
     * @return the count
     */
    public int threads() {
      return processes.stream().mapToInt(p -> p.tids().length).sum();
    }
  }

  /**
   * Reads this JVM's threads, each child's, and the CPU pressure.
   *
   * @param children the pids of child processes to read as well; gone ones are left out
   * @return the reading, or empty where this kernel does not count per-thread scheduling
   */
  public Optional<Reading> read(Collection<Long> children) {
    long at = System.nanoTime();
    long self = ProcessHandle.current().pid();
    Optional<Threads> own = threads(self);
    if (own.isEmpty()) {
      return Optional.empty();
    }
    List<Threads> processes = new ArrayList<>(1 + children.size());
    processes.add(own.get());
    for (long child : children) {
      threads(child).ifPresent(processes::add);
    }
    return Optional.of(new Reading(at, List.copyOf(processes), cpuStall()));
  }

  private Optional<Threads> threads(long pid) {
    Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
    long[] tids = new long[64];
    long[] run = new long[64];
    long[] wait = new long[64];
    String[] named = new String[64];
    int n = 0;
    byte[] buffer = new byte[128];
    try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
      for (Path task : all) {
        long tid;
        try {
          tid = Long.parseLong(task.getFileName().toString());
        } catch (NumberFormatException notATask) {
          continue;
        }
        String name = nameOf(task, tid);
        if (LEFT_OUT.stream().anyMatch(name::startsWith)) {
          continue;
        }
        int length;
        try (InputStream in = Files.newInputStream(task.resolve("schedstat"))) {
          length = in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException threadEnded) {
          continue;
        }
        long[] fields = new long[2];
        if (!parse(buffer, length, fields)) {
          continue;
        }
        if (n == tids.length) {
          tids = Arrays.copyOf(tids, n * 2);
          run = Arrays.copyOf(run, n * 2);
          wait = Arrays.copyOf(wait, n * 2);
          named = Arrays.copyOf(named, n * 2);
        }
        named[n] = name;
        tids[n] = tid;
        run[n] = fields[0];
        wait[n] = fields[1];
        n++;
      }
    } catch (IOException | RuntimeException e) {
      if (pid == ProcessHandle.current().pid() && !warned) {
        warned = true;
        LOG.log(Level.DEBUG, "No per-thread scheduler figures under " + tasks + ": " + e);
      }
      return Optional.empty();
    }
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(sorted(pid, tids, run, wait, named, n));
  }

  /** A thread's name, read once per thread. */
  private String nameOf(Path task, long tid) {
    String known = names.get(tid);
    if (known != null) {
      return known;
    }
    String name;
    try {
      name = Files.readString(task.resolve("comm")).strip();
    } catch (IOException | RuntimeException e) {
      name = "?";
    }
    if (names.size() > 10_000) {
      names.clear();
    }
    names.put(tid, name);
    return name;
  }

  private static Threads sorted(
      long pid, long[] tids, long[] run, long[] wait, String[] named, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    long[] ids = tids;
    Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
    long[] t = new long[n];
    long[] r = new long[n];
    long[] w = new long[n];
    String[] m = new String[n];
    for (int i = 0; i < n; i++) {
      t[i] = tids[order[i]];
      r[i] = run[order[i]];
      w[i] = wait[order[i]];
      m[i] = named[order[i]];
    }
    return new Threads(pid, t, r, w, m);
  }

  /** Parses the first two whitespace-separated numbers. */
  static boolean parse(byte[] text, int length, long[] into) {
    int field = 0;
    long value = 0;
    boolean inNumber = false;
    for (int i = 0; i < length && field < into.length; i++) {
      byte c = text[i];
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        inNumber = true;
      } else if (inNumber) {
        into[field++] = value;
        value = 0;
        inNumber = false;
      }
    }
    if (inNumber && field < into.length) {
      into[field++] = value;
    }
    return field == into.length;
  }

  private long cpuStall() {
    try {
      for (String line : Files.readAllLines(proc.resolve(PROC.relativize(CPU_PRESSURE)))) {
        if (line.startsWith("some ")) {
          int at = line.indexOf("total=");
          if (at >= 0) {
            return Long.parseLong(line.substring(at + "total=".length()).strip());
          }
        }
      }
    } catch (IOException | RuntimeException noPressure) {
      // kernels before 4.20, or with PSI off: the figure is unknown
    }
    return -1;
  }
}
