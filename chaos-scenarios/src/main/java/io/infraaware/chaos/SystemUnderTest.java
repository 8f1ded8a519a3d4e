package io.infraaware.chaos;

import org.apiguardian.api.API;

/**
 * The system a scenario proves things about, as something it can crash and start again: a child
 * process of the test ({@link ChildProcess}, a real SIGKILL or SIGTERM) or a service running inside
 * the test JVM ({@link InProcess}, closed and started again). {@link Crash} turns one into a fault.
 *
 * <p>Each method returns what happened, in words for the timeline and the report.
 *
 * @since 0.2.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface SystemUnderTest {

  /**
   * What the system is called in the timeline and the report.
   *
   * @return e.g. {@code backend}
   */
  String name();

  /**
   * Whether it runs now.
   *
   * @return true between a start and a kill or stop
   */
  boolean isRunning();

  /**
   * Ends it at once, giving it no chance to clean up (SIGKILL for a process), and returns once it
   * is gone.
   *
   * @return what happened, e.g. {@code pid 4242 got SIGKILL and exited with 137 in 12 ms}
   * @throws IllegalStateException when it was not running, or did not end
   */
  String kill();

  /**
   * Asks it to stop (SIGTERM for a process: shutdown hooks run) and returns once it is gone.
   *
   * @return what happened, e.g. {@code pid 4242 got SIGTERM and exited with 143 in 310 ms}
   * @throws IllegalStateException when it was not running, or did not end
   */
  String stop();

  /**
   * Starts it (again, with the same configuration and working directory) and returns once it is
   * ready.
   *
   * @return what happened, e.g. {@code started as pid 4250, ready in 1.3 s}
   * @throws IllegalStateException when it is running already, or did not become ready
   */
  String start();
}
