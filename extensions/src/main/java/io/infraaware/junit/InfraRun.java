package io.infraaware.junit;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.probe.ProbeCache;
import io.infraaware.report.RunSummary;
import io.infraaware.service.ServiceDefinition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;

/**
 * Everything InfraAware keeps for one test run, in the root Store: the configuration, the probe
 * cache and the skip count. Closed by the Store when the run ends.
 */
final class InfraRun implements AutoCloseable {

  static final Namespace NAMESPACE = Namespace.create("io.infraaware");

  private final InfraConfig config;
  private final ProbeCache probes;
  private final RunSummary summary;
  private final AtomicInteger skipped = new AtomicInteger();
  private final Map<String, ServiceDefinition> definitions = new ConcurrentHashMap<>();

  private InfraRun(InfraConfig config, ProbeCache probes, RunSummary summary) {
    this.config = config;
    this.probes = probes;
    this.summary = summary;
  }

  /**
   * The run's state, created on first use; configuration errors surface here as {@link
   * ExtensionConfigurationException}.
   */
  static InfraRun of(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    RunSummary summary = summary(context);
    try {
      return root.getStore(NAMESPACE)
          .computeIfAbsent(
              InfraRun.class,
              key -> {
                InfraConfig config = InfraConfig.from(JUnitConfigSource.of(root));
                return new InfraRun(config, ProbeCache.create(config), summary);
              },
              InfraRun.class);
    } catch (InfraConfigurationException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  /** The summary printed at the end of the launcher session (see {@link RunSummaryListener}). */
  static RunSummary summary(ExtensionContext context) {
    return context
        .getStore(StoreScope.LAUNCHER_SESSION, NAMESPACE)
        .computeIfAbsent(RunSummary.class, key -> new RunSummary(), RunSummary.class);
  }

  InfraConfig config() {
    return config;
  }

  ProbeCache probes() {
    return probes;
  }

  RunSummary summary() {
    return summary;
  }

  /** A service's definition; misconfiguration becomes a JUnit configuration error. */
  ServiceDefinition definition(String name) {
    try {
      return definitions.computeIfAbsent(name, config::service);
    } catch (InfraConfigurationException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  /** Counts tests skipped for infrastructure and returns the new total. */
  int countSkipped(int tests) {
    return skipped.addAndGet(tests);
  }

  @Override
  public void close() {
    probes.close();
  }
}
