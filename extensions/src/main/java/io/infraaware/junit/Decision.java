package io.infraaware.junit;

import io.infraaware.run.Verdict;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.opentest4j.TestAbortedException;

/**
 * A {@link Verdict} in JUnit's terms, one per context: the condition reports a skip, the
 * before-callbacks throw a failure.
 */
final class Decision {

  private final Verdict verdict;

  private Decision(Verdict verdict) {
    this.verdict = verdict;
  }

  static Decision of(Verdict verdict) {
    return new Decision(verdict);
  }

  /** A configuration error found before any verdict could be made. */
  static Decision misconfigured(ExtensionConfigurationException failure) {
    return new Decision(new Verdict.Failed(failure));
  }

  Verdict verdict() {
    return verdict;
  }

  /** The condition's answer. */
  ConditionEvaluationResult condition() {
    if (verdict instanceof Verdict.Skipped skipped) {
      return ConditionEvaluationResult.disabled(skipped.reason());
    }
    if (verdict instanceof Verdict.Failed failed) {
      // enabled so that JUnit reaches the before-callback that throws: an exception thrown here
      // would be buried under "Failed to evaluate condition"
      return ConditionEvaluationResult.enabled(
          "InfraAware: fails: " + failed.failure().getMessage());
    }
    return ConditionEvaluationResult.enabled(
        "InfraAware: " + String.join(", ", ((Verdict.Available) verdict).services()) + " usable");
  }

  /** Throws the failure; a skip whose condition did not run (conditions deactivated) aborts. */
  void enforce() {
    if (verdict instanceof Verdict.Skipped skipped) {
      throw new TestAbortedException(skipped.reason());
    }
    if (verdict instanceof Verdict.Failed failed) {
      throw failure(failed);
    }
  }

  /** The failure as JUnit expects it: misconfiguration is an extension configuration error. */
  static RuntimeException failure(Verdict.Failed failed) {
    if (failed.misconfigured()) {
      return new ExtensionConfigurationException(failed.failure().getMessage(), failed.failure());
    }
    return failed.failure();
  }
}
