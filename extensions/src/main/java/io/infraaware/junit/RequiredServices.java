package io.infraaware.junit;

import io.infraaware.proxy.ServiceProxy;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * What a class or method needs: the services named by its annotations and its enclosing classes',
 * and by {@code @Service} parameters (of the test method; for a class, of its constructors and
 * lifecycle methods), and whether any of them asks for a {@link ServiceProxy}.
 *
 * @param names the service names, in declaration order
 * @param proxies whether a {@code ServiceProxy} parameter is among them
 */
record RequiredServices(List<String> names, boolean proxies) {

  RequiredServices {
    names = List.copyOf(names);
  }

  static RequiredServices of(ExtensionContext context) {
    Set<String> names = new LinkedHashSet<>();
    boolean[] proxies = {false};
    // @Nested classes need what their enclosing classes need (getEnclosingTestClasses() is JUnit
    // 5.13+; the parent contexts say the same on every version)
    List<Class<?>> enclosing = new ArrayList<>();
    for (ExtensionContext parent = context.getParent().orElse(null);
        parent != null;
        parent = parent.getParent().orElse(null)) {
      parent.getTestClass().ifPresent(type -> enclosing.add(0, type));
    }
    for (Class<?> type : enclosing) {
      addAnnotated(type, names);
    }
    if (context.getTestMethod().isPresent()) {
      Method method = context.getTestMethod().get();
      context.getTestClass().ifPresent(testClass -> addAnnotated(testClass, names));
      addAnnotated(method, names);
      proxies[0] |= addParameters(method, names);
    } else if (context.getTestClass().isPresent()) {
      Class<?> testClass = context.getTestClass().get();
      addAnnotated(testClass, names);
      // Constructor and @BeforeAll parameters are resolved before any test's condition runs;
      // @BeforeEach and @AfterEach parameters serve every test: all of them are the class's needs,
      // so that an unavailable one skips the class instead of failing each test in resolution.
      for (Constructor<?> constructor : testClass.getDeclaredConstructors()) {
        proxies[0] |= addParameters(constructor, names);
      }
      // one walk of the class hierarchy for the four lifecycle annotations: every fork pays it
      // for every class
      for (Method method :
          ReflectionSupport.findMethods(
              testClass,
              RequiredServices::isLifecycleWithParameters,
              HierarchyTraversalMode.TOP_DOWN)) {
        proxies[0] |= addParameters(method, names);
      }
    }
    return new RequiredServices(new ArrayList<>(names), proxies[0]);
  }

  private static boolean isLifecycleWithParameters(Method method) {
    return method.getParameterCount() > 0
        && (AnnotationSupport.isAnnotated(method, BeforeAll.class)
            || AnnotationSupport.isAnnotated(method, AfterAll.class)
            || AnnotationSupport.isAnnotated(method, BeforeEach.class)
            || AnnotationSupport.isAnnotated(method, AfterEach.class));
  }

  private static void addAnnotated(AnnotatedElement element, Set<String> names) {
    for (RequiresService annotation :
        AnnotationSupport.findRepeatableAnnotations(element, RequiresService.class)) {
      for (String name : annotation.value()) {
        names.add(name.trim());
      }
    }
  }

  private static boolean addParameters(Executable executable, Set<String> names) {
    boolean proxies = false;
    for (Parameter parameter : executable.getParameters()) {
      Service service = parameter.getAnnotation(Service.class);
      if (service != null) {
        names.add(service.value().trim());
        proxies |= parameter.getType() == ServiceProxy.class;
      }
      // proxies of the test's own endpoints need the Toxiproxy server too
      proxies |= parameter.getType() == TestProxies.class;
    }
    return proxies;
  }
}
