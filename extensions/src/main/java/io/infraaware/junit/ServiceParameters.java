package io.infraaware.junit;

import io.infraaware.proxy.ServiceProxy;
import io.infraaware.run.InfraRun;
import io.infraaware.run.Verdict;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.spi.ClientType;
import io.infraaware.time.TimeScale;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Resolves {@link Service} parameters (an endpoint, a proxy, or a client of the service's kind),
 * {@link TestProxies} and {@link TimeScale}; what it creates is closed with the asking scope.
 */
final class ServiceParameters {

  private ServiceParameters() {}

  static boolean supports(ParameterContext parameter) {
    Class<?> type = parameter.getParameter().getType();
    return parameter.isAnnotated(Service.class)
        || type == TimeScale.class
        || type == TestProxies.class;
  }

  static Object resolve(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (!parameter.isAnnotated(Service.class)) {
      if (type == TestProxies.class) {
        requireChaos(context);
        return ClassProxies.testProxies(context);
      }
      return new TimeScale(ExecutionRun.of(context).config().timeScale());
    }
    String name = parameter.findAnnotation(Service.class).orElseThrow().value().trim();
    // The context's condition has judged this service (RequiredServices lists every @Service
    // parameter JUnit resolves); this is the cached verdict, kept as a guard.
    guard(
        Requirements.check(
            context, new RequiredServices(List.of(name), type == ServiceProxy.class)));
    InfraRun run = ExecutionRun.of(context);
    ServiceDefinition service = run.definition(name);
    if (type == ServiceProxy.class) {
      return ClassProxies.proxy(context, service.endpoint());
    }
    // A proxied service is reached through its proxy, so the test's faults reach its clients.
    ServiceEndpoint endpoint =
        service.proxy()
            ? ClassProxies.proxy(context, service.endpoint()).endpoint()
            : service.endpoint();
    if (type == ServiceEndpoint.class) {
      return endpoint;
    }
    List<ClientType> clients = run.clientTypes(service.kind());
    for (ClientType client : clients) {
      if (client.matches(type)) {
        return open(client, endpoint, context);
      }
    }
    throw new ParameterResolutionException(
        "@Service(\""
            + name
            + "\") cannot be a "
            + type.getName()
            + ": ["
            + name
            + "] is a "
            + service.kind().displayName()
            + " service; supported types are ServiceEndpoint, ServiceProxy"
            + clients.stream().map(c -> ", " + c.typeName()).collect(Collectors.joining()));
  }

  private static void requireChaos(ExtensionContext context) {
    guard(Requirements.check(context, new RequiredServices(List.of(), true)));
  }

  /** A parameter of an unavailable service cannot be resolved: say why, as the skip would. */
  private static void guard(Decision decision) {
    if (decision.verdict() instanceof Verdict.Failed failed) {
      throw Decision.failure(failed);
    }
    if (decision.verdict() instanceof Verdict.Skipped skipped) {
      throw new ParameterResolutionException(skipped.reason());
    }
  }

  private static Object open(
      ClientType client, ServiceEndpoint endpoint, ExtensionContext context) {
    if (!client.available()) {
      throw new ParameterResolutionException(
          "@Service(\""
              + endpoint.name()
              + "\") "
              + client.simpleName()
              + " needs "
              + client.artifact()
              + ", which is not on the test class path: add it to your test dependencies");
    }
    ExtensionContext.Store store = context.getStore(ExecutionRun.NAMESPACE);
    try {
      return client.open(endpoint, resource -> store.put(new Object(), new Closing(resource)));
    } catch (ParameterResolutionException e) {
      throw e;
    } catch (Exception e) {
      throw new ParameterResolutionException(
          "Cannot make a "
              + client.simpleName()
              + " for ["
              + endpoint.maskedUrl()
              + "]: "
              + endpoint.scrub(String.valueOf(e.getMessage())),
          e);
    }
  }

  /** Closes a client with the Store of the scope that asked for it. */
  @SuppressWarnings("deprecation") // CloseableResource: how JUnit before 5.13 closes stored values
  private static final class Closing
      implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private final AutoCloseable resource;
    private boolean closed;

    Closing(AutoCloseable resource) {
      this.resource = resource;
    }

    @Override
    public synchronized void close() throws Exception {
      if (!closed) {
        closed = true;
        resource.close();
      }
    }
  }
}
