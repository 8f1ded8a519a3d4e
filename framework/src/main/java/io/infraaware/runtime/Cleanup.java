package io.infraaware.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Closes several resources, keeping going past failures: each failure is collected (the first
 * thrown, the others suppressed in it), an interrupt is kept for the caller, and what JUnit calls
 * unrecoverable ({@link OutOfMemoryError}) is rethrown at once.
 *
 * <pre>{@code
 * Cleanup.closeAll(proxies, server, containers); // all three are closed, whatever each throws
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Cleanup {

  private Cleanup() {}

  /**
   * Closes each resource in order; nulls are skipped.
   *
   * @param resources the resources
   * @throws RuntimeException the first failure, with the others suppressed in it; a checked
   *     exception is wrapped in a {@link CleanupException}
   */
  public static void closeAll(AutoCloseable... resources) {
    closeAll(Arrays.asList(resources));
  }

  /**
   * Closes each resource in order; nulls are skipped.
   *
   * @param resources the resources
   * @throws RuntimeException the first failure, with the others suppressed in it
   */
  public static void closeAll(List<? extends AutoCloseable> resources) {
    Throwable first = null;
    boolean interrupted = false;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (InterruptedException e) {
        interrupted = true;
        first = collect(first, e);
      } catch (Exception | Error e) {
        // go on: the next resource must be closed too
        first = collect(first, e);
      }
      // a close that was interrupted clears the flag; the remaining closes need it clear
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (first instanceof RuntimeException) {
      throw (RuntimeException) first;
    }
    if (first instanceof Error) {
      throw (Error) first;
    }
    if (first != null) {
      throw new CleanupException(first);
    }
  }

  private static Throwable collect(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (first != next) {
      first.addSuppressed(next);
    }
    return first;
  }

  /** A checked exception thrown while closing, unchecked. */
  public static final class CleanupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CleanupException(Throwable cause) {
      super("Closing failed: " + cause, cause);
    }
  }
}
