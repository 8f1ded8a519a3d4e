package io.infraaware.junit;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraMode;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceStatus;
import io.infraaware.service.ServiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Turns probe results into JUnit's answer: run, skip with the diagnosis, or fail. */
final class ServiceGate {

  /**
   * What to do with a class or test: the condition result, and the exception to fail it with.
   *
   * @param result enabled or disabled with the reason
   * @param failure thrown by the extension's before-callbacks, or null
   */
  record Verdict(ConditionEvaluationResult result, RuntimeException failure) {
    static Verdict of(ConditionEvaluationResult result) {
      return new Verdict(result, null);
    }

    static Verdict fail(RuntimeException failure) {
      return new Verdict(
          ConditionEvaluationResult.enabled("InfraAware: failing: " + failure.getMessage()),
          failure);
    }
  }

  /** The summary's name for the run's Toxiproxy server when it is what a test could not have. */
  static final String TOXIPROXY = "toxiproxy";

  private ServiceGate() {}

  /**
   * Probes the named services (once per run) and decides: enabled, disabled with the diagnosis, or
   * an exception for misconfiguration and for {@code require} mode. Counts the tests it skips or
   * fails in the run summary: the condition's verdict.
   */
  static Verdict evaluate(ExtensionContext context, RequiredServices required) {
    return decide(context, required, true);
  }

  /**
   * The same decision without counting: for a parameter resolver that re-checks what the condition
   * has already judged and counted.
   */
  static Verdict recheck(ExtensionContext context, RequiredServices required) {
    return decide(context, required, false);
  }

  private static Verdict decide(
      ExtensionContext context, RequiredServices required, boolean count) {
    List<String> names = required.names();
    if (names.isEmpty() && !required.proxies()) {
      return Verdict.of(ConditionEvaluationResult.enabled("InfraAware: no services required"));
    }
    InfraRun run;
    try {
      run = InfraRun.of(context);
    } catch (ExtensionConfigurationException e) {
      return Verdict.fail(e);
    }
    int tests = count ? TestCount.of(context) : 0;
    List<ServiceDefinition> services = new ArrayList<>();
    for (String name : names) {
      try {
        services.add(run.definition(name));
      } catch (ExtensionConfigurationException e) {
        run.summary().recordFailed(name, tests);
        return Verdict.fail(e);
      }
    }
    List<ProbeResult> results = run.probes().probeAll(services);
    results.forEach(run.summary()::recordProbe);

    List<ProbeResult> misconfigured = withStatus(results, ServiceStatus.MISCONFIGURED);
    if (!misconfigured.isEmpty()) {
      misconfigured.forEach(result -> run.summary().recordFailed(result.service(), tests));
      return Verdict.fail(new ExtensionConfigurationException(describe(misconfigured)));
    }
    List<ProbeResult> unavailable = withStatus(results, ServiceStatus.UNAVAILABLE);
    // what the summary blames: the unavailable services, or the Toxiproxy server the test needs
    List<String> blamed = unavailable.stream().map(ProbeResult::service).toList();
    String reason;
    if (unavailable.isEmpty()) {
      Optional<String> chaos;
      try {
        chaos = chaosUnavailable(context, required, services);
      } catch (ServiceUnavailableException | ExtensionConfigurationException e) {
        run.summary().recordFailed(TOXIPROXY, tests);
        return Verdict.fail(e);
      }
      if (chaos.isEmpty()) {
        return Verdict.of(
            ConditionEvaluationResult.enabled(
                "InfraAware: " + String.join(", ", names) + " usable"));
      }
      reason = chaos.get();
      blamed = List.of(TOXIPROXY);
    } else {
      reason = describe(unavailable);
    }
    if (run.config().mode() == InfraMode.REQUIRE) {
      blamed.forEach(service -> run.summary().recordFailed(service, tests));
      return Verdict.fail(
          new ServiceUnavailableException(
              reason + " [failing instead of skipping: " + InfraConfig.MODE + "=require]"));
    }
    int skips = run.countSkipped(tests);
    OptionalInt limit = run.config().maxSkipped();
    if (limit.isPresent() && skips > limit.getAsInt()) {
      blamed.forEach(service -> run.summary().recordFailed(service, tests));
      return Verdict.fail(
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
    blamed.forEach(service -> run.summary().recordSkipped(service, tests));
    return Verdict.of(ConditionEvaluationResult.disabled(reason));
  }

  /** Why the Toxiproxy server a test needs cannot be had, if it cannot. */
  private static Optional<String> chaosUnavailable(
      ExtensionContext context, RequiredServices required, List<ServiceDefinition> services) {
    if (!required.proxies() && services.stream().noneMatch(ServiceDefinition::proxy)) {
      return Optional.empty();
    }
    return ChaosSupport.unavailable(context);
  }

  private static List<ProbeResult> withStatus(List<ProbeResult> results, ServiceStatus status) {
    return results.stream().filter(r -> r.status() == status).collect(Collectors.toList());
  }

  private static String describe(List<ProbeResult> results) {
    return results.stream().map(ProbeResult::describe).collect(Collectors.joining("; "));
  }
}
