package io.infraaware.runtime.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;

/**
 * Names and daemonises the threads InfraAware starts, so that none of them keeps a test JVM alive
 * and each can be recognised in a thread dump: {@code infraaware-<purpose>-<n>}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class DaemonThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  private DaemonThreads(String purpose) {
    this.prefix = "infraaware-" + purpose + "-";
  }

  /**
   * A factory for threads of one purpose.
   *
   * @param purpose e.g. {@code probe}
   * @return the factory
   */
  public static DaemonThreads named(String purpose) {
    return new DaemonThreads(purpose);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + count.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Starts a daemon thread at once.
   *
   * @param purpose e.g. {@code provision-stop}
   * @param task what it runs
   * @return the started thread
   */
  public static Thread start(String purpose, Runnable task) {
    Thread thread = named(purpose).newThread(task);
    thread.start();
    return thread;
  }
}
