package io.infraaware.junit;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.provision.Provisioner;
import io.infraaware.report.RunSummary;
import io.infraaware.runtime.Cleanup;
import io.infraaware.service.ServiceCatalog;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.spi.ServiceProviders;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Everything InfraAware keeps for one test run, in the root Store: the configuration, the service
 * kinds, the probe cache, what was provisioned, the chaos server, and the summary, which it prints
 * and writes when JUnit closes the root Store at the end of the run.
 */
@SuppressWarnings("deprecation") // CloseableResource: how JUnit before 5.13 closes stored values
final class InfraRun implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  static final Namespace NAMESPACE = Namespace.create("io.infraaware");

  /** A service's definition (possibly provisioned) and what its probe found. */
  record Availability(ServiceDefinition definition, ProbeResult result) {}

  private final InfraConfig config;
  private final ServiceProviders providers;
  private final ServiceCatalog catalog;
  private final ProbeCache probes;
  private final RunSummary summary;
  private final Provisioner provisioner;
  private final PrintStream out;
  private final AtomicInteger skipped = new AtomicInteger();
  private final Map<String, Availability> services = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile RunChaos chaos;

  private InfraRun(InfraConfig config, ServiceProviders providers, RunSummary summary) {
    this.config = config;
    this.providers = providers;
    this.catalog = providers.catalog(config);
    this.probes = providers.probeCache(config);
    this.summary = summary;
    this.provisioner = new Provisioner(config);
    this.out = System.out;
  }

  /** The run, or what is wrong with its configuration. */
  private record Holder(InfraRun run, RuntimeException failure)
      implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      if (run != null) {
        run.close();
      }
    }
  }

  /**
   * The run's state, created on first use; configuration errors surface here as {@link
   * ExtensionConfigurationException}, the same for every test.
   */
  static InfraRun of(ExtensionContext context) {
    ExtensionContext root = context.getRoot();
    Holder holder =
        root.getStore(NAMESPACE)
            .getOrComputeIfAbsent(Holder.class, key -> create(root), Holder.class);
    if (holder.failure() != null) {
      throw new ExtensionConfigurationException(
          holder.failure().getMessage(), holder.failure().getCause());
    }
    return holder.run();
  }

  private static Holder create(ExtensionContext root) {
    RunSummary summary = new RunSummary();
    try {
      InfraConfig config = InfraConfig.from(JUnitConfigSource.of(root, summary::recordNote));
      return new Holder(new InfraRun(config, ServiceProviders.installed(), summary), null);
    } catch (InfraConfigurationException e) {
      return new Holder(null, new ExtensionConfigurationException(e.getMessage(), e));
    }
  }

  InfraConfig config() {
    return config;
  }

  ServiceProviders providers() {
    return providers;
  }

  RunSummary summary() {
    return summary;
  }

  PrintStream out() {
    return out;
  }

  /**
   * A service's definition and probe result, probed once per run; an unavailable service that may
   * be provisioned is started and probed again, and replaces the configured one for the run.
   *
   * @throws ExtensionConfigurationException when the service is misconfigured
   */
  Availability service(String name) {
    try {
      return services.computeIfAbsent(name, this::resolve);
    } catch (InfraConfigurationException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  private Availability resolve(String name) {
    ServiceDefinition definition = catalog.definition(name);
    ProbeResult result = probes.probe(definition);
    Availability availability = new Availability(definition, result);
    if (result.status().isUsable() || result.diagnosis().isEmpty()) {
      summary.recordProbe(result);
      return availability;
    }
    Provisioner.Outcome outcome = provisioner.provision(definition, result, probes);
    summary.recordProbe(outcome.result());
    return new Availability(outcome.definition(), outcome.result());
  }

  /** The run's Toxiproxy server, started or probed like a service on first use. */
  RunChaos chaos() {
    RunChaos current = chaos;
    if (current == null) {
      synchronized (this) {
        current = chaos;
        if (current == null) {
          current = RunChaos.start(config, providers, probes);
          chaos = current;
          summary.recordProbe(current.result());
        }
      }
    }
    return current;
  }

  /** Counts tests skipped for infrastructure and returns the new total. */
  int countSkipped(int tests) {
    return skipped.addAndGet(tests);
  }

  /** Prints and writes the summary, then stops probes, chaos and provisioned services. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!summary.isEmpty()) {
        out.println(summary.toText());
        try {
          out.println(
              "InfraAware summary written to "
                  + summary.writeTo(config.reportDir()).toAbsolutePath());
        } catch (UncheckedIOException e) {
          out.println("InfraAware summary could not be written: " + e.getMessage());
        }
      }
    } finally {
      Cleanup.closeAll(probes, chaos, provisioner);
    }
  }
}
