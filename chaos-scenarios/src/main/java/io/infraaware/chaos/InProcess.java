package io.infraaware.chaos;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * A system under test running inside the test JVM, crashed by closing it and started again by the
 * same code that started it. A JVM cannot SIGKILL a part of itself: unless {@link #started(String,
 * Callable, Consumer)} is given a harsher way, a kill is a {@link AutoCloseable#close()}, so
 * whatever the service does on close (drain, flush) still happens. To prove what survives a real
 * crash, run the system as a {@link ChildProcess}.
 *
 * <pre>{@code
 * InProcess<AuthService> auth = InProcess.started("auth", () -> AuthService.start(port, secret.get()));
 * }</pre>
 *
 * @param <T> the running service
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class InProcess<T extends AutoCloseable> implements SystemUnderTest, AutoCloseable {

  private final String name;
  private final Callable<? extends T> starter;
  private final Consumer<? super T> crash;
  private final boolean customCrash;
  private T current;

  private InProcess(
      String name, Callable<? extends T> starter, Consumer<? super T> crash, boolean customCrash) {
    this.name = Objects.requireNonNull(name, "name");
    this.starter = Objects.requireNonNull(starter, "starter");
    this.crash = Objects.requireNonNull(crash, "crash");
    this.customCrash = customCrash;
  }

  /**
   * Starts a service in the test JVM; a kill closes it.
   *
   * @param name what it is called in the timeline
   * @param starter starts it, and starts it again after a kill or stop
   * @param <T> the service
   * @return the running service
   */
  public static <T extends AutoCloseable> InProcess<T> started(
      String name, Callable<? extends T> starter) {
    InProcess<T> system = new InProcess<>(name, starter, InProcess::closeQuietly, false);
    system.start();
    return system;
  }

  /**
   * Starts a service in the test JVM, with its own way of ending abruptly for a kill (for example
   * closing its sockets without draining anything).
   *
   * @param name what it is called in the timeline
   * @param starter starts it, and starts it again after a kill or stop
   * @param crash ends it abruptly
   * @param <T> the service
   * @return the running service
   */
  public static <T extends AutoCloseable> InProcess<T> started(
      String name, Callable<? extends T> starter, Consumer<? super T> crash) {
    InProcess<T> system = new InProcess<>(name, starter, crash, true);
    system.start();
    return system;
  }

  /**
   * The service as it runs now: after a restart, the new one.
   *
   * @return the service
   * @throws IllegalStateException while it is stopped
   */
  public synchronized T current() {
    if (current == null) {
      throw new IllegalStateException("[" + name + "] is not running");
    }
    return current;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized boolean isRunning() {
    return current != null;
  }

  @Override
  public String kill() {
    T running = takeCurrent();
    long started = System.nanoTime();
    // the user's code runs outside the lock: a close that waits for a thread asking for current()
    // cannot deadlock
    crash.accept(running);
    return String.format(
        Locale.ROOT,
        "crashed in-process in %d ms (%s)",
        (System.nanoTime() - started) / 1_000_000,
        customCrash ? "its own crash" : "closed: a service in the test JVM cannot get a SIGKILL");
  }

  @Override
  public String stop() {
    T running = takeCurrent();
    long started = System.nanoTime();
    closeQuietly(running);
    return String.format(
        Locale.ROOT, "stopped in-process in %d ms", (System.nanoTime() - started) / 1_000_000);
  }

  private synchronized T takeCurrent() {
    T running = current();
    current = null;
    return running;
  }

  @Override
  public synchronized String start() {
    if (current != null) {
      throw new IllegalStateException("[" + name + "] is running already");
    }
    long started = System.nanoTime();
    try {
      current =
          Objects.requireNonNull(starter.call(), "the starter of [" + name + "] returned null");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("[" + name + "] did not start: " + e.getMessage(), e);
    }
    return String.format(
        Locale.ROOT, "started in-process in %.1f s", (System.nanoTime() - started) / 1e9);
  }

  /** Closes the service if it runs. */
  @Override
  public void close() {
    T running;
    synchronized (this) {
      running = current;
      current = null;
    }
    if (running != null) {
      closeQuietly(running);
    }
  }

  private static void closeQuietly(AutoCloseable service) {
    try {
      service.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Closing " + service + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "InProcess[" + name + (isRunning() ? ", running" : ", stopped") + "]";
  }
}
