package io.infraaware.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Whether Spring's JUnit extension resolves every parameter of a test constructor ({@code
 * TestConstructor(autowireMode = ALL)}, {@code spring.test.constructor.autowire.mode=all}, or an
 * {@code @Autowired} constructor): then InfraAware leaves its {@code @Service} parameters to
 * Spring, which infraaware-spring teaches to resolve them, instead of JUnit failing with "competing
 * ParameterResolvers". Everything is looked up by name: Spring is not a dependency of this module.
 */
final class SpringConstructors {

  /** infraaware-spring's resolver for {@code @Service} injection points. */
  static final String SPRING_SUPPORT = "io.infraaware.spring.internal.ServiceInjection";

  private static final String SPRING_EXTENSION =
      "org.springframework.test.context.junit.jupiter.SpringExtension";
  private static final String TEST_CONSTRUCTOR = "org.springframework.test.context.TestConstructor";
  private static final String AUTOWIRED = "org.springframework.beans.factory.annotation.Autowired";
  private static final String AUTOWIRE_MODE = "spring.test.constructor.autowire.mode";

  private SpringConstructors() {}

  static boolean autowiredBySpring(Executable executable, ExtensionContext context) {
    if (!(executable instanceof Constructor<?>)) {
      return false;
    }
    Class<?> testClass = executable.getDeclaringClass();
    ClassLoader loader = testClass.getClassLoader();
    if (load(SPRING_SUPPORT, loader).isEmpty() || !extendedBySpring(testClass)) {
      return false;
    }
    Optional<Class<? extends Annotation>> autowired = annotation(AUTOWIRED, loader);
    if (autowired.isPresent() && AnnotationSupport.isAnnotated(executable, autowired.get())) {
      return true;
    }
    Optional<Class<? extends Annotation>> testConstructor = annotation(TEST_CONSTRUCTOR, loader);
    if (testConstructor.isPresent()) {
      for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
        Optional<? extends Annotation> found =
            AnnotationSupport.findAnnotation(type, testConstructor.get());
        if (found.isPresent()) {
          return "ALL".equals(autowireMode(found.get()));
        }
      }
    }
    String mode =
        context
            .getConfigurationParameter(AUTOWIRE_MODE)
            .orElse(System.getProperty(AUTOWIRE_MODE, ""));
    return mode.trim().toUpperCase(Locale.ROOT).equals("ALL");
  }

  /**
   * The name of the proxy infraaware-spring puts between a test class's Spring context and a
   * proxied service: the class's {@code @Service ServiceProxy} of that service is this one.
   */
  static String sharedProxyName(String service, Class<?> testClass) {
    return "spring-" + service + "-" + testClass.getName();
  }

  static boolean extendedBySpring(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      for (ExtendWith extendWith :
          AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)) {
        for (Class<?> extension : extendWith.value()) {
          if (extension.getName().equals(SPRING_EXTENSION)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String autowireMode(Annotation annotation) {
    try {
      return String.valueOf(
          annotation.annotationType().getMethod("autowireMode").invoke(annotation));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "";
    }
  }

  @SuppressWarnings("unchecked")
  private static Optional<Class<? extends Annotation>> annotation(String name, ClassLoader loader) {
    return load(name, loader)
        .filter(Class::isAnnotation)
        .map(type -> (Class<? extends Annotation>) type);
  }

  private static Optional<Class<?>> load(String name, ClassLoader loader) {
    try {
      return Optional.of(Class.forName(name, false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }
}
