package io.infraaware.spring.internal;

import io.infraaware.junit.Service;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.run.InfraRun;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.spi.ClientType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.context.event.ContextClosedEvent;

/**
 * {@code @Service} injection points that Spring resolves: under
 * {@code @TestConstructor(autowireMode = ALL)} (or an {@code @Autowired} test constructor) Spring,
 * not InfraAware's JUnit extension, resolves every constructor parameter, so Spring must know what
 * {@code @Service("postgres") ServiceEndpoint} or {@code @Service("postgres") DataSource} means.
 * The clients made here are closed with the context.
 */
final class ServiceInjection implements ApplicationListener<ContextClosedEvent> {

  private final InfraRun run;
  private final Map<String, ServiceEndpoint> endpoints;
  private final List<AutoCloseable> clients = new ArrayList<>();

  ServiceInjection(
      InfraRun run, Map<String, ServiceEndpoint> endpoints, List<AutoCloseable> proxies) {
    this.run = run;
    this.endpoints = Map.copyOf(endpoints);
    // the context's proxies go when it closes, after the clients that use them
    this.clients.addAll(proxies);
  }

  /** Puts the resolver in; it keeps Spring's own behaviour for everything else. */
  void install(ConfigurableListableBeanFactory beanFactory) {
    if (beanFactory instanceof DefaultListableBeanFactory factory) {
      factory.setAutowireCandidateResolver(new Resolver());
    }
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    List<AutoCloseable> closing;
    synchronized (clients) {
      closing = new ArrayList<>(clients);
      clients.clear();
    }
    // clients first, then the proxies they went through
    java.util.Collections.reverse(closing);
    Cleanup.closeAll(closing);
  }

  Object resolve(Service service, Class<?> type) {
    String name = service.value().trim();
    ServiceEndpoint endpoint = endpoints.get(name);
    if (endpoint == null) {
      endpoint = run.definition(name).endpoint();
    }
    if (type == ServiceEndpoint.class) {
      return endpoint;
    }
    if (type == ServiceProxy.class) {
      throw new IllegalStateException(
          "@Service(\""
              + name
              + "\") ServiceProxy cannot be a constructor parameter that Spring autowires: take"
              + " it as a test method parameter, where InfraAware heals it after each test");
    }
    List<ClientType> types = run.clientTypes(endpoint.kind());
    for (ClientType client : types) {
      if (client.matches(type)) {
        if (!client.available()) {
          throw new IllegalStateException(
              "@Service(\""
                  + name
                  + "\") "
                  + client.simpleName()
                  + " needs "
                  + client.artifact()
                  + ", which is not on the test class path: add it to your test dependencies");
        }
        try {
          return client.open(
              endpoint,
              resource -> {
                synchronized (clients) {
                  clients.add(resource);
                }
              });
        } catch (Exception e) {
          throw new IllegalStateException(
              "Cannot make a "
                  + client.simpleName()
                  + " for ["
                  + endpoint.maskedUrl()
                  + "]: "
                  + endpoint.scrub(String.valueOf(e.getMessage())),
              e);
        }
      }
    }
    throw new IllegalStateException(
        "@Service(\""
            + name
            + "\") cannot be a "
            + type.getName()
            + ": ["
            + name
            + "] is a "
            + endpoint.kind().displayName()
            + " service; supported types are ServiceEndpoint"
            + types.stream().map(c -> ", " + c.typeName()).collect(Collectors.joining()));
  }

  /** Spring's resolver, answering {@code @Service} injection points itself. */
  private final class Resolver extends ContextAnnotationAutowireCandidateResolver {
    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
      Service service = descriptor.getAnnotation(Service.class);
      if (service != null) {
        return resolve(service, descriptor.getDependencyType());
      }
      return super.getSuggestedValue(descriptor);
    }
  }
}
