package io.infraaware.spring.internal;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
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
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Every service a test class names, on the class, its enclosing classes, its methods and their
 * {@code @Service} parameters: its Spring context is shared by all its tests, so it gets them all.
 */
final class DeclaredServices {

  private DeclaredServices() {}

  static List<String> of(Class<?> testClass) {
    return scan(testClass, false);
  }

  /** The services the class takes a {@code @Service ServiceProxy} of, anywhere. */
  static List<String> proxied(Class<?> testClass) {
    return scan(testClass, true);
  }

  private static List<String> scan(Class<?> testClass, boolean proxiesOnly) {
    Set<String> names = new LinkedHashSet<>();
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      classes.add(0, type);
    }
    for (Class<?> type : classes) {
      if (!proxiesOnly) {
        addAnnotated(type, names);
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        addParameters(constructor, names, proxiesOnly);
      }
      for (Method method :
          ReflectionSupport.findMethods(type, m -> true, HierarchyTraversalMode.TOP_DOWN)) {
        if (!proxiesOnly) {
          addAnnotated(method, names);
        }
        addParameters(method, names, proxiesOnly);
      }
    }
    return List.copyOf(names);
  }

  private static void addAnnotated(AnnotatedElement element, Set<String> names) {
    for (RequiresService annotation :
        AnnotationSupport.findRepeatableAnnotations(element, RequiresService.class)) {
      for (String name : annotation.value()) {
        names.add(name.trim());
      }
    }
  }

  private static void addParameters(Executable executable, Set<String> names, boolean proxiesOnly) {
    for (Parameter parameter : executable.getParameters()) {
      Service service = parameter.getAnnotation(Service.class);
      if (service != null && (!proxiesOnly || parameter.getType() == ServiceProxy.class)) {
        names.add(service.value().trim());
      }
    }
  }
}
