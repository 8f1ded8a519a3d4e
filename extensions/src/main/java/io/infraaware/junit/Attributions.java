package io.infraaware.junit;

import io.infraaware.run.InfraRun;
import io.infraaware.run.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Translates the run's attribution of a failure for JUnit: a failure that says a connection failed,
 * where a declared service went away, is aborted (skipped) or failed with the service's diagnosis
 * first; any other failure is rethrown as it was.
 */
final class Attributions {

  private Attributions() {}

  static void handle(ExtensionContext context, Throwable failure) throws Throwable {
    Optional<Verdict> verdict = Optional.empty();
    if (!(failure instanceof TestAbortedException)) {
      RequiredServices required = RequiredServices.of(context);
      if (!required.names().isEmpty()) {
        InfraRun run;
        try {
          run = ExecutionRun.of(context);
        } catch (ExtensionConfigurationException misconfigured) {
          throw failure;
        }
        verdict =
            run.attribute(
                failure, required.names(), context.getDisplayName(), TestCount.of(context));
      }
    }
    if (verdict.isEmpty()) {
      throw failure;
    }
    if (verdict.get() instanceof Verdict.Skipped skipped) {
      throw new TestAbortedException(skipped.reason(), failure);
    }
    throw Decision.failure((Verdict.Failed) verdict.get());
  }
}
