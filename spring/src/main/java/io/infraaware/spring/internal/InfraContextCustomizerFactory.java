package io.infraaware.spring.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apiguardian.api.API;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Listed in {@code META-INF/spring.factories}: gives the context of every test class that names
 * InfraAware services a {@link InfraContextCustomizer} for them, as Spring Boot's
 * {@code @ServiceConnection} support does for containers.
 */
@API(status = API.Status.INTERNAL, since = "0.2.0")
public final class InfraContextCustomizerFactory implements ContextCustomizerFactory {

  /** Created by Spring's test framework. */
  public InfraContextCustomizerFactory() {}

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    List<String> services = DeclaredServices.of(testClass);
    if (services.isEmpty()) {
      return null;
    }
    List<String> proxied = proxied(testClass, services);
    return new InfraContextCustomizer(services, proxied, proxied.isEmpty() ? null : testClass);
  }

  /**
   * The services the context reaches through a proxy: those the class takes a {@code ServiceProxy}
   * of, and those configured with {@code infra.services.<name>.proxy=true}.
   */
  static List<String> proxied(Class<?> testClass, List<String> services) {
    Set<String> proxied = new LinkedHashSet<>(DeclaredServices.proxied(testClass));
    for (String name : services) {
      try {
        if (SpringRuns.current().definition(name).proxy()) {
          proxied.add(name);
        }
      } catch (RuntimeException misconfigured) {
        // judged, and reported, before the context loads
      }
    }
    return List.copyOf(proxied);
  }
}
