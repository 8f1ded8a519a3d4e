package io.infraaware.junit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.opentest4j.TestAbortedException;

/**
 * What InfraAware decided for a test class or method: its services are available, it is skipped
 * with a diagnosis, or it fails (misconfiguration, {@code require} mode, too many skips). One
 * verdict per context, computed once: the condition reports a skip, the before-callbacks throw a
 * failure.
 */
sealed interface Requirement {

  /** The condition's answer. */
  ConditionEvaluationResult condition();

  /** Throws the failure; a skip whose condition did not run (conditions deactivated) aborts. */
  void enforce();

  /** Everything the test needs is usable. */
  record Available(String services) implements Requirement {
    @Override
    public ConditionEvaluationResult condition() {
      return ConditionEvaluationResult.enabled("InfraAware: " + services);
    }

    @Override
    public void enforce() {
      // nothing to do
    }
  }

  /** A service is unavailable: the test is skipped with the diagnosis. */
  record Skipped(String reason) implements Requirement {
    @Override
    public ConditionEvaluationResult condition() {
      return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void enforce() {
      throw new TestAbortedException(reason);
    }
  }

  /** The test must fail: misconfiguration, {@code require} mode, or too many skips. */
  record Failed(RuntimeException failure) implements Requirement {
    @Override
    public ConditionEvaluationResult condition() {
      // enabled so that JUnit reaches the before-callback that throws: an exception thrown here
      // would be buried under "Failed to evaluate condition"
      return ConditionEvaluationResult.enabled("InfraAware: fails: " + failure.getMessage());
    }

    @Override
    public void enforce() {
      throw failure;
    }
  }
}
