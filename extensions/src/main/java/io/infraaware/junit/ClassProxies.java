package io.infraaware.junit;

import io.infraaware.proxy.ChaosControl;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.service.ServiceEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's proxies, in the class's Store: healed after each test, deleted after the class
 * (and, should JUnit skip that callback, when the Store closes).
 */
@SuppressWarnings("deprecation") // CloseableResource: how JUnit before 5.13 closes stored values
final class ClassProxies implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  /** Numbers every proxy of the run, so that no two share a name on the server. */
  private static final AtomicInteger PROXY_COUNTER = new AtomicInteger();

  private final io.infraaware.run.InfraRun run;
  private final ChaosControl control;
  private final io.infraaware.config.InfraConfig config;
  private final Class<?> testClass;
  private final String className;
  private final boolean springTest;
  private final Map<String, ServiceProxy> proxies = new ConcurrentHashMap<>();

  /** Proxies the class's Spring test context owns: healed after each test, removed by Spring. */
  private final java.util.Set<String> adopted = ConcurrentHashMap.newKeySet();

  private ClassProxies(io.infraaware.run.InfraRun run, Class<?> testClass) {
    this.run = run;
    this.control = run.chaos();
    this.config = run.config();
    this.testClass = testClass;
    this.className = testClass.getSimpleName();
    this.springTest = SpringConstructors.extendedBySpring(testClass);
  }

  /** The proxy in front of an endpoint for the class {@code context} belongs to. */
  static ServiceProxy proxy(ExtensionContext context, ServiceEndpoint endpoint) {
    return of(context).proxyFor(endpoint);
  }

  /** Proxies in front of endpoints that a test of {@code context}'s class starts itself. */
  static TestProxies testProxies(ExtensionContext context) {
    return new TestProxies() {
      @Override
      public ServiceProxy proxy(ServiceEndpoint endpoint) {
        return ClassProxies.proxy(context, endpoint);
      }

      @Override
      public ServiceProxy proxy(String name, String url) {
        return proxy(ExecutionRun.of(context).endpoint(name, url));
      }
    };
  }

  private static ClassProxies of(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(ExecutionRun.NAMESPACE)
        .getOrComputeIfAbsent(
            ClassProxies.class,
            key -> new ClassProxies(ExecutionRun.of(context), classContext.getRequiredTestClass()),
            ClassProxies.class);
  }

  /**
   * Removes every fault from the class's proxies: whatever the test injected, even if it failed.
   */
  static void heal(ExtensionContext context) {
    ClassProxies proxies =
        classContext(context)
            .getStore(ExecutionRun.NAMESPACE)
            .get(ClassProxies.class, ClassProxies.class);
    if (proxies != null) {
      List<AutoCloseable> heals = new ArrayList<>();
      for (ServiceProxy proxy : proxies.proxies.values()) {
        heals.add(proxy::heal);
      }
      Cleanup.closeAll(heals);
    }
  }

  /** Deletes the class's proxies now rather than waiting for the Store. */
  static void close(ExtensionContext context) {
    ClassProxies proxies =
        context.getStore(ExecutionRun.NAMESPACE).remove(ClassProxies.class, ClassProxies.class);
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

  private ServiceProxy proxyFor(ServiceEndpoint endpoint) {
    // Distinct names per class keep classes that run in parallel from sharing a proxy; a test's
    // own endpoint of a declared service's name gets a proxy of its own.
    // A pinned port (infra.services.<name>.proxy-port) is held by one class's proxy at a time.
    int port = config.proxyPort(endpoint.name());
    return proxies.computeIfAbsent(
        endpoint.name() + "@" + endpoint.address(),
        key -> {
          if (springTest) {
            // the proxy the class's Spring context connects through (infraaware-spring), so that
            // the test's faults reach the application
            java.util.Optional<ServiceProxy> shared =
                control
                    .find(SpringConstructors.sharedProxyName(endpoint.name(), testClass))
                    .filter(proxy -> proxy.upstream().address().equals(endpoint.address()));
            if (shared.isPresent()) {
              adopted.add(key);
              return shared.get();
            }
          }
          String name = endpoint.name() + "-" + className + "-" + PROXY_COUNTER.incrementAndGet();
          ServiceProxy made;
          try {
            made = control.proxy(name, endpoint, port);
          } catch (io.infraaware.proxy.ChaosException e) {
            if (port == 0) {
              throw e;
            }
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(
                io.infraaware.config.InfraConfig.serviceKey(endpoint.name(), "proxy-port")
                    + "="
                    + port
                    + ": "
                    + e.getMessage()
                    + "; another proxy (a class running in parallel) or process holds the port:"
                    + " free it, run such classes one at a time, or remove the key to use a free"
                    + " port",
                e);
          }
          // a client that the service sends elsewhere (a Kafka broker's advertised listener)
          // would pass around the proxy's faults: fail rather than test nothing
          java.util.Optional<String> bypass = run.proxyBypass(made);
          if (bypass.isPresent()) {
            control.remove(made);
            throw new org.junit.jupiter.api.extension.ExtensionConfigurationException(bypass.get());
          }
          return made;
        });
  }

  /** Deletes every proxy, even when one of them fails; idempotent. */
  @Override
  public void close() {
    List<AutoCloseable> removals = new ArrayList<>();
    proxies.forEach(
        (key, proxy) -> {
          if (!adopted.contains(key)) {
            removals.add(() -> control.remove(proxy));
          }
        });
    proxies.clear();
    adopted.clear();
    Cleanup.closeAll(removals);
  }
}
