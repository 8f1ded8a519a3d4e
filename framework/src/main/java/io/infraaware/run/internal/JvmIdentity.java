package io.infraaware.run.internal;

import java.time.Instant;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One JVM of a build: its process id and when it started, which together tell it from a later
 * process that reuses the id.
 *
 * @param pid the process id
 * @param startedAt when the process started, epoch milliseconds (0 when the system does not say)
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public record JvmIdentity(long pid, long startedAt) {

  /** This JVM. */
  public static final JvmIdentity CURRENT = of(ProcessHandle.current());

  static JvmIdentity of(ProcessHandle process) {
    return new JvmIdentity(
        process.pid(), process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
  }

  /**
   * Whether this process still runs.
   *
   * @return true while a process with this id and start time is alive
   */
  public boolean isAlive() {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isPresent()
        && process.get().isAlive()
        && (startedAt == 0 || of(process.get()).startedAt == startedAt);
  }

  /**
   * A name for files of this JVM.
   *
   * @return e.g. {@code 4242-1733580000000}
   */
  public String fileName() {
    return pid + "-" + startedAt;
  }

  // Written out rather than left to the record: linking the generated methods costs a fresh JVM
  // milliseconds on the way to its first verdict.
  @Override
  public boolean equals(Object other) {
    return other instanceof JvmIdentity that && pid == that.pid && startedAt == that.startedAt;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(pid) + Long.hashCode(startedAt);
  }
}
