package io.infraaware.junit;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.config.InfraMode;
import io.infraaware.docker.DockerAvailability;
import io.infraaware.docker.ToxiproxyContainers;
import io.infraaware.proxy.ChaosControl;
import io.infraaware.proxy.ChaosException;
import io.infraaware.proxy.Cleanup;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Chaos for JUnit: one Toxiproxy server per run (root Store), proxies per test class (class Store),
 * faults healed after every test and proxies deleted after every class.
 */
final class ChaosSupport {

  /** Numbers every proxy of the run, so that no two share a name on the server. */
  private static final AtomicInteger PROXY_COUNTER = new AtomicInteger();

  private ChaosSupport() {}

  /**
   * The run's chaos control, started on first use and closed with the root Store. A server that
   * could not be had is remembered too: every later test gets the same answer at once instead of
   * trying (and, for a container, pulling and starting) again.
   */
  static ChaosControl control(ExtensionContext context) {
    InfraRun run = InfraRun.of(context);
    return context
        .getRoot()
        .getStore(InfraRun.NAMESPACE)
        .computeIfAbsent(RunChaos.class, key -> RunChaos.start(run.config()), RunChaos.class)
        .control();
  }

  /**
   * Why the run's Toxiproxy server cannot be had, for the condition: empty when it runs. Fails
   * (require mode, misconfiguration) by throwing.
   */
  static Optional<String> unavailable(ExtensionContext context) {
    try {
      control(context);
      return Optional.empty();
    } catch (TestAbortedException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The proxy in front of a service for the test class that {@code context} belongs to. */
  static ServiceProxy proxy(ExtensionContext context, ServiceDefinition service) {
    ExtensionContext classContext = classContext(context);
    ClassProxies proxies =
        classContext
            .getStore(InfraRun.NAMESPACE)
            .computeIfAbsent(
                ClassProxies.class, key -> new ClassProxies(control(context)), ClassProxies.class);
    return proxies.proxyFor(service, classContext.getRequiredTestClass().getSimpleName());
  }

  /** Proxies in front of endpoints a test of {@code context}'s class brings itself. */
  static TestProxies testProxies(ExtensionContext context) {
    return endpoint -> {
      ExtensionContext classContext = classContext(context);
      return classContext
          .getStore(InfraRun.NAMESPACE)
          .computeIfAbsent(
              ClassProxies.class, key -> new ClassProxies(control(context)), ClassProxies.class)
          .proxyFor(endpoint, classContext.getRequiredTestClass().getSimpleName());
    };
  }

  /**
   * Removes every fault from the class's proxies: whatever the test injected, even if it failed.
   */
  static void heal(ExtensionContext context) {
    ClassProxies proxies =
        classContext(context)
            .getStore(InfraRun.NAMESPACE)
            .get(ClassProxies.class, ClassProxies.class);
    if (proxies != null) {
      proxies.heal();
    }
  }

  /**
   * Deletes the class's proxies now rather than waiting for the Store, which may not close them.
   */
  static void closeClass(ExtensionContext context) {
    ClassProxies proxies =
        context.getStore(InfraRun.NAMESPACE).remove(ClassProxies.class, ClassProxies.class);
    if (proxies != null) {
      proxies.close();
    }
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  /** The run's Toxiproxy: embedded, external or (with Docker) a container. */
  static final class RunChaos implements AutoCloseable {
    private final ChaosControl control;
    private final java.util.function.Supplier<RuntimeException> failure;

    private RunChaos(ChaosControl control) {
      this.control = control;
      this.failure = null;
    }

    private RunChaos(java.util.function.Supplier<RuntimeException> failure) {
      this.control = null;
      this.failure = failure;
    }

    /** The control, or the reason there is none, thrown afresh for each test that asks. */
    ChaosControl control() {
      if (control == null) {
        throw failure.get();
      }
      return control;
    }

    static RunChaos start(InfraConfig config) {
      try {
        return new RunChaos(connect(config));
      } catch (RuntimeException first) {
        return new RunChaos(() -> again(first));
      }
    }

    /** A new exception of the same kind and message, so each test's failure is its own. */
    private static RuntimeException again(RuntimeException first) {
      if (first instanceof TestAbortedException) {
        return new TestAbortedException(first.getMessage());
      }
      if (first instanceof ServiceUnavailableException) {
        return new ServiceUnavailableException(first.getMessage());
      }
      if (first instanceof ExtensionConfigurationException) {
        return new ExtensionConfigurationException(first.getMessage(), first.getCause());
      }
      return new ExtensionConfigurationException(
          "The run's Toxiproxy could not be started: " + first.getMessage(), first);
    }

    private static ChaosControl connect(InfraConfig config) {
      try {
        if (config.toxiproxyContainer()) {
          if (!DockerAvailability.system().isAvailable()) {
            throw unavailable(
                config,
                InfraConfig.TOXIPROXY_CONTAINER
                    + "=true, but Docker is not available here (Testcontainers found no Docker"
                    + " environment); unset it to use the embedded Toxiproxy server, or set "
                    + InfraConfig.TOXIPROXY_URL
                    + " to a running one");
          }
          try {
            return ToxiproxyContainers.start(config.toxiproxyImage(), config.toxiproxyTimeout());
          } catch (RuntimeException e) {
            throw unavailable(
                config,
                "Toxiproxy in a container ("
                    + InfraConfig.TOXIPROXY_CONTAINER
                    + "=true, image ["
                    + config.toxiproxyImage()
                    + "]) did not start: "
                    + e.getMessage());
          }
        }
        if (config.toxiproxyUrl().isPresent()) {
          try {
            return ChaosControl.external(config.toxiproxyUrl().get(), config.toxiproxyTimeout());
          } catch (ChaosException e) {
            throw unavailable(
                config,
                "Toxiproxy at ["
                    + config.toxiproxyUrl().get()
                    + "] ("
                    + InfraConfig.TOXIPROXY_URL
                    + ") is unavailable: "
                    + e.getMessage()
                    + ". Fix: start it, or unset "
                    + InfraConfig.TOXIPROXY_URL
                    + " to use the embedded server");
          }
        }
        return ChaosControl.embedded(config.toxiproxySeed(), config.toxiproxyTimeout());
      } catch (InfraConfigurationException e) {
        throw new ExtensionConfigurationException(e.getMessage(), e);
      }
    }

    /** Skips, or fails in require mode, like any unavailable service. */
    private static RuntimeException unavailable(InfraConfig config, String reason) {
      if (config.mode() == InfraMode.REQUIRE) {
        return new ServiceUnavailableException(
            reason + " [failing instead of skipping: " + InfraConfig.MODE + "=require]");
      }
      return new TestAbortedException(reason);
    }

    @Override
    public void close() {
      if (control != null) {
        control.close();
      }
    }
  }

  /** One test class's proxies; closing deletes them from the server. */
  static final class ClassProxies implements AutoCloseable {
    private final ChaosControl control;
    private final Map<String, ServiceProxy> proxies = new ConcurrentHashMap<>();

    ClassProxies(ChaosControl control) {
      this.control = control;
    }

    ServiceProxy proxyFor(ServiceDefinition service, String className) {
      return proxyFor(service.endpoint(), className);
    }

    ServiceProxy proxyFor(ServiceEndpoint endpoint, String className) {
      // Distinct names per class keep classes that run in parallel from sharing a proxy; a test's
      // own endpoint of a declared service's name gets a proxy of its own.
      return proxies.computeIfAbsent(
          endpoint.name() + "@" + endpoint.address(),
          key ->
              control.proxy(
                  endpoint.name() + "-" + className + "-" + PROXY_COUNTER.incrementAndGet(),
                  endpoint));
    }

    /** Heals every proxy, even when one of them fails; the first failure is thrown after. */
    void heal() {
      Cleanup.forEach(proxies.values(), ServiceProxy::heal);
    }

    @Override
    public void close() {
      for (ServiceProxy proxy : proxies.values()) {
        control.remove(proxy);
      }
      proxies.clear();
    }
  }
}
