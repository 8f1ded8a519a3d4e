package io.infraaware.junit;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraMode;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Computes each context's {@link Requirement} once, from the run's probe results. */
final class Requirements {

  /** A context's verdict in its own Store; the unique id keeps it from being found by children. */
  private record Key(String uniqueId) {}

  private Requirements() {}

  /** The context's verdict, computed (and counted in the summary) on first use. */
  static Requirement of(ExtensionContext context) {
    return context
        .getStore(InfraRun.NAMESPACE)
        .getOrComputeIfAbsent(
            new Key(context.getUniqueId()),
            key -> decide(context, RequiredServices.of(context), true),
            Requirement.class);
  }

  /**
   * The verdict for a parameter's service, not counted: the context's own verdict has counted it;
   * this guards parameters that JUnit resolves before any condition (constructors, {@code
   * BeforeAll}).
   */
  static Requirement check(ExtensionContext context, RequiredServices required) {
    return decide(context, required, false);
  }

  private static Requirement decide(
      ExtensionContext context, RequiredServices required, boolean count) {
    if (required.names().isEmpty() && !required.proxies()) {
      return new Requirement.Available("no services required");
    }
    InfraRun run;
    try {
      run = InfraRun.of(context);
    } catch (ExtensionConfigurationException e) {
      return new Requirement.Failed(e);
    }
    int tests = count ? TestCount.of(context) : 0;
    List<ProbeResult> results = new ArrayList<>();
    boolean needsChaos = required.proxies();
    for (String name : required.names()) {
      try {
        InfraRun.Availability availability = run.service(name);
        results.add(availability.result());
        needsChaos |= availability.definition().proxy();
      } catch (ExtensionConfigurationException e) {
        run.summary().recordFailed(name, tests);
        return new Requirement.Failed(e);
      }
    }
    if (needsChaos && results.stream().allMatch(r -> r.status().isUsable())) {
      results.add(run.chaos().result());
    }
    List<ProbeResult> misconfigured = withStatus(results, ServiceStatus.MISCONFIGURED);
    if (!misconfigured.isEmpty()) {
      misconfigured.forEach(result -> run.summary().recordFailed(result.service(), tests));
      return new Requirement.Failed(new ExtensionConfigurationException(describe(misconfigured)));
    }
    List<ProbeResult> unavailable = withStatus(results, ServiceStatus.UNAVAILABLE);
    if (unavailable.isEmpty()) {
      return new Requirement.Available(
          results.stream().map(ProbeResult::service).collect(Collectors.joining(", ")) + " usable");
    }
    String reason = describe(unavailable);
    if (run.config().mode() == InfraMode.REQUIRE) {
      unavailable.forEach(result -> run.summary().recordFailed(result.service(), tests));
      return new Requirement.Failed(
          new ServiceUnavailableException(
              reason + " [failing instead of skipping: " + InfraConfig.MODE + "=require]"));
    }
    if (!count) {
      return new Requirement.Skipped(reason);
    }
    int skips = run.countSkipped(tests);
    OptionalInt limit = run.config().maxSkipped();
    if (limit.isPresent() && skips > limit.getAsInt()) {
      unavailable.forEach(result -> run.summary().recordFailed(result.service(), tests));
      return new Requirement.Failed(
          new ServiceUnavailableException(
              reason
                  + " [failing instead of skipping: "
                  + skips
                  + " tests skipped for infrastructure exceed "
                  + InfraConfig.MAX_SKIPPED
                  + "="
                  + limit.getAsInt()
                  + "]"));
    }
    unavailable.forEach(result -> run.summary().recordSkipped(result.service(), tests));
    run.out().println("[InfraAware] skipped " + context.getDisplayName() + ": " + reason);
    return new Requirement.Skipped(reason);
  }

  private static List<ProbeResult> withStatus(List<ProbeResult> results, ServiceStatus status) {
    return results.stream().filter(r -> r.status() == status).collect(Collectors.toList());
  }

  private static String describe(List<ProbeResult> results) {
    return results.stream().map(ProbeResult::describe).collect(Collectors.joining("; "));
  }
}
