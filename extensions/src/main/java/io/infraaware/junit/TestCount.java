package io.infraaware.junit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * How many tests a skip or failure stands for: one for a test method, the test methods of a class
 * and its {@code @Nested} classes for a class (a parameterized or repeated test counts once).
 */
final class TestCount {

  private TestCount() {}

  static int of(ExtensionContext context) {
    if (context.getTestMethod().isPresent()) {
      return 1;
    }
    return context.getTestClass().map(TestCount::inClass).orElse(1);
  }

  private static int inClass(Class<?> testClass) {
    int tests =
        AnnotationSupport.findAnnotatedMethods(
                testClass, Testable.class, HierarchyTraversalMode.TOP_DOWN)
            .size();
    for (Class<?> nested :
        ReflectionSupport.findNestedClasses(
            testClass, inner -> AnnotationSupport.isAnnotated(inner, Nested.class))) {
      tests += inClass(nested);
    }
    return Math.max(1, tests);
  }
}
