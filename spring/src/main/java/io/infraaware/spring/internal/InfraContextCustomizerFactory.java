package io.infraaware.spring.internal;

import java.util.List;
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
    return services.isEmpty() ? null : new InfraContextCustomizer(services);
  }
}
