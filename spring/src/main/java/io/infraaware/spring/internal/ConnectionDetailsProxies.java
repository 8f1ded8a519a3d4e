package io.infraaware.spring.internal;

import io.infraaware.service.ServiceEndpoint;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;

/**
 * Spring Boot's {@code ConnectionDetails} interfaces implemented by name, so that one jar serves
 * Boot 3.5 and Boot 4.0, whose types live in different packages: each getter answers from a map,
 * default methods keep Boot's defaults.
 */
final class ConnectionDetailsProxies {

  private ConnectionDetailsProxies() {}

  /** The first of the named types that the class loader has. */
  static Optional<Class<?>> firstPresent(ClassLoader loader, String... typeNames) {
    for (String name : typeNames) {
      try {
        return Optional.of(Class.forName(name, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        // not this Boot line, or not this technology
      }
    }
    return Optional.empty();
  }

  /** An implementation of {@code type} whose getters answer {@code values}; null values allowed. */
  static Object implement(Class<?> type, Map<String, Object> values, ServiceEndpoint endpoint) {
    InvocationHandler handler =
        (proxy, method, args) -> answer(type, values, endpoint, proxy, method, args);
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object answer(
      Class<?> type,
      Map<String, Object> values,
      ServiceEndpoint endpoint,
      Object proxy,
      Method method,
      Object[] args)
      throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      return switch (name) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "InfraAware " + type.getSimpleName() + " for [" + endpoint.maskedUrl() + "]";
      };
    }
    if (values.containsKey(name) && (args == null || args.length == 0)) {
      return values.get(name);
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    throw new UnsupportedOperationException(
        "InfraAware's "
            + type.getName()
            + " for ["
            + endpoint.name()
            + "] does not answer "
            + name
            + ": register a ServiceConnectionDetailsFactory for this Spring Boot version");
  }
}
