package io.infraaware.junit;

import io.infraaware.run.InfraRun;
import io.infraaware.run.Requirement;
import io.infraaware.run.Verdict;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Asks the run once per context what its needs allow, and keeps the answer in its Store. */
final class Requirements {

  /**
   * A context's decision in its own Store; the context itself (compared by identity) keeps it from
   * being found by children, without building the unique id's text for every class.
   */
  private static final class Key {
    private final ExtensionContext context;

    Key(ExtensionContext context) {
      this.context = context;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key that && that.context == context;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(context);
    }
  }

  private Requirements() {}

  /** The context's decision, made (and counted in the summary) on first use. */
  static Decision of(ExtensionContext context) {
    return context
        .getStore(ExecutionRun.NAMESPACE)
        .getOrComputeIfAbsent(
            new Key(context),
            key -> decide(context, RequiredServices.of(context), true),
            Decision.class);
  }

  /**
   * The verdict for a parameter's service, not counted: the context's own decision has counted it;
   * this guards parameters that JUnit resolves before any condition (constructors, {@code
   * BeforeAll}).
   */
  static Decision check(ExtensionContext context, RequiredServices required) {
    return decide(context, required, false);
  }

  private static Decision decide(
      ExtensionContext context, RequiredServices required, boolean count) {
    Requirement requirement =
        new Requirement(
            required.names(),
            required.proxies(),
            count ? TestCount.of(context) : 0,
            context.getDisplayName());
    if (!requirement.needsAnything()) {
      return Decision.of(new Verdict.Available(java.util.List.of()));
    }
    InfraRun run;
    try {
      run = ExecutionRun.of(context);
    } catch (ExtensionConfigurationException e) {
      return Decision.misconfigured(e);
    }
    return Decision.of(count ? run.decide(requirement) : run.check(requirement));
  }
}
