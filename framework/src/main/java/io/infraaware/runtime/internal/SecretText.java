package io.infraaware.runtime.internal;

import io.infraaware.config.internal.Secrets;
import org.apiguardian.api.API;

/**
 * Scrubs the secrets of every service configured in this JVM from texts that do not know their
 * service: the chaos report, a child process's output, logged exceptions. For the modules above the
 * framework, which may use {@code runtime.internal} but not {@code config.internal}.
 *
 * @since 0.2.0
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class SecretText {

  private SecretText() {}

  /**
   * Remembers a secret that is not a configured service's (a token a test made), so it is scrubbed
   * too.
   *
   * @param secret the secret; null and empty are ignored
   */
  public static void remember(String secret) {
    Secrets.remember(secret);
  }

  /**
   * The text without any configured secret (nor 4 consecutive characters of one) and with URLs
   * masked.
   *
   * @param text the text, may be null
   * @return the scrubbed text
   */
  public static String scrub(String text) {
    return Secrets.scrubKnown(text);
  }

  /**
   * A copy of an exception, and of its causes and suppressed exceptions, whose messages are
   * scrubbed; the stack traces are kept. For logging a driver's exception.
   *
   * @param thrown the exception
   * @return the scrubbed copy
   */
  public static Throwable scrub(Throwable thrown) {
    return copy(thrown, 0);
  }

  private static Throwable copy(Throwable thrown, int depth) {
    Throwable cause =
        depth < 16 && thrown.getCause() != null && thrown.getCause() != thrown
            ? copy(thrown.getCause(), depth + 1)
            : null;
    Throwable copy =
        new Scrubbed(thrown.getClass().getName() + ": " + scrub(thrown.getMessage()), cause);
    copy.setStackTrace(thrown.getStackTrace());
    if (depth < 16) {
      for (Throwable suppressed : thrown.getSuppressed()) {
        copy.addSuppressed(copy(suppressed, depth + 1));
      }
    }
    return copy;
  }

  /** An exception's scrubbed copy: prints as the original's class and scrubbed message. */
  private static final class Scrubbed extends Throwable {
    private static final long serialVersionUID = 1L;

    Scrubbed(String message, Throwable cause) {
      super(message, cause, true, true);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
