package io.infraaware.spring.internal;

import io.infraaware.proxy.ChaosControl;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.run.InfraRun;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.spring.ServiceConnectionDetailsFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Hands a test class's services, as the run resolved them (configured, or provisioned in their
 * place), to its Spring context: Spring Boot {@code ConnectionDetails} beans, {@code
 * infra.services.<name>.*} properties for plain Spring and placeholders, and {@code @Service}
 * injection points for Spring's constructor autowiring.
 *
 * <p>Equal for equal service lists, so that test classes naming the same services share one cached
 * context.
 */
final class InfraContextCustomizer implements ContextCustomizer {

  /** The property source's name. */
  static final String PROPERTY_SOURCE = "infraaware";

  private final List<String> services;
  private final List<String> proxied;

  /** The class whose proxies the context uses; null without proxies (the context is shared). */
  private final Class<?> proxiesOf;

  InfraContextCustomizer(List<String> services, List<String> proxied, Class<?> proxiesOf) {
    this.services = List.copyOf(services);
    this.proxied = List.copyOf(proxied);
    this.proxiesOf = proxiesOf;
  }

  /**
   * The proxy between a class's context and a service; the JUnit extension gives the class's
   * {@code @Service ServiceProxy} of that service by this name, so that its faults reach the
   * application (the extension's {@code SpringConstructors.sharedProxyName} says the same).
   */
  static String proxyName(String service, Class<?> testClass) {
    return "spring-" + service + "-" + testClass.getName();
  }

  @Override
  public void customizeContext(
      ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
    InfraRun run = SpringRuns.current();
    Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
    List<AutoCloseable> proxies = new ArrayList<>();
    for (String name : services) {
      ServiceEndpoint endpoint = run.definition(name).endpoint();
      if (proxied.contains(name)) {
        ChaosControl control = run.chaos();
        ServiceProxy proxy = control.proxy(proxyName(name, proxiesOf), endpoint);
        proxies.add(() -> control.remove(proxy));
        endpoint = proxy.endpoint();
      }
      endpoints.put(name, endpoint);
    }
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource(PROPERTY_SOURCE, properties(endpoints)));
    registerConnectionDetails(context, endpoints);
    ServiceInjection injection = new ServiceInjection(run, endpoints, proxies);
    context.addBeanFactoryPostProcessor(injection::install);
    context.addApplicationListener(injection);
  }

  /** {@code infra.services.<name>.url}, {@code .host}, {@code .port}, {@code .username}, ... */
  static Map<String, Object> properties(Map<String, ServiceEndpoint> endpoints) {
    Map<String, Object> properties = new LinkedHashMap<>();
    endpoints.forEach(
        (name, endpoint) -> {
          String prefix = "infra.services." + name + ".";
          properties.put(prefix + "url", endpoint.url());
          properties.put(prefix + "host", endpoint.host());
          properties.put(prefix + "port", endpoint.port());
          properties.put(prefix + "address", endpoint.address());
          endpoint.username().ifPresent(user -> properties.put(prefix + "username", user));
          endpoint.password().ifPresent(secret -> properties.put(prefix + "password", secret));
        });
    return properties;
  }

  private static void registerConnectionDetails(
      ConfigurableApplicationContext context, Map<String, ServiceEndpoint> endpoints) {
    ClassLoader loader =
        context.getClassLoader() != null
            ? context.getClassLoader()
            : InfraContextCustomizer.class.getClassLoader();
    List<ServiceConnectionDetailsFactory> factories =
        new ArrayList<>(
            SpringFactoriesLoader.loadFactories(ServiceConnectionDetailsFactory.class, loader));
    factories.add(new BootConnectionDetails(loader));
    ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
    Set<Class<?>> served = new HashSet<>();
    for (ServiceEndpoint endpoint : endpoints.values()) {
      for (ServiceConnectionDetailsFactory factory : factories) {
        List<?> beans = factory.connectionDetails(endpoint);
        if (beans.isEmpty()) {
          continue;
        }
        for (Object bean : beans) {
          register(beanFactory, endpoint, bean, served);
        }
        break;
      }
    }
  }

  private static void register(
      ConfigurableListableBeanFactory beanFactory,
      ServiceEndpoint endpoint,
      Object bean,
      Set<Class<?>> served) {
    List<Class<?>> types = List.of(bean.getClass().getInterfaces());
    // the first declared service of each type is the one Boot's auto-configuration takes
    boolean primary = types.stream().noneMatch(served::contains);
    served.addAll(types);
    String name =
        "infraaware."
            + endpoint.name()
            + "."
            + simpleName(types.isEmpty() ? bean.getClass() : types.get(0));
    if (beanFactory instanceof BeanDefinitionRegistry registry) {
      @SuppressWarnings("unchecked")
      Class<Object> type = (Class<Object>) bean.getClass();
      RootBeanDefinition definition = new RootBeanDefinition(type, () -> bean);
      definition.setPrimary(primary);
      registry.registerBeanDefinition(name, definition);
    } else {
      beanFactory.registerSingleton(name, bean);
    }
  }

  private static String simpleName(Class<?> type) {
    return type.getSimpleName();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof InfraContextCustomizer that
        && services.equals(that.services)
        && proxied.equals(that.proxied)
        && java.util.Objects.equals(proxiesOf, that.proxiesOf);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(services, proxied, proxiesOf);
  }

  @Override
  public String toString() {
    return "InfraAware services " + services + (proxied.isEmpty() ? "" : ", proxied " + proxied);
  }
}
