package io.infraaware.sample;

/**
 * A dependency call that was not even started because its request had no time left; not the
 * dependency's fault, so its breaker does not count it.
 */
final class DeadlineExceededException extends Exception {

  private static final long serialVersionUID = 1L;

  DeadlineExceededException(String dependency) {
    super("no time left in the request deadline to call [" + dependency + "]", null, false, false);
  }
}
