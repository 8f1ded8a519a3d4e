package io.infraaware.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * The Spring module's architecture, checked: no compile-time tie to either Spring Boot line (their
 * types are found by name), the framework's and the extension's public API only, public types
 * declared with {@code @API}.
 */
class ArchitectureTests {

  private final JavaClasses spring =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(java.nio.file.Path.of("target", "classes"));

  @Test
  void noSpringBootTypeIsCompiledIn() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework.boot..")
        .because(
            "one jar serves Boot 3.5 and 4.0, whose ConnectionDetails live in different packages:"
                + " they are implemented by name at run time")
        .check(spring);
  }

  @Test
  void theInternalsOfOtherModulesStayInside() {
    noClasses()
        .should()
        .dependOnClassesThat(
            DescribedPredicate.and(
                JavaClass.Predicates.resideInAPackage("io.infraaware..internal.."),
                DescribedPredicate.not(
                    JavaClass.Predicates.resideInAnyPackage(
                        "io.infraaware.spring.internal..", "io.infraaware.runtime.internal.."))))
        .because("the Spring module builds on the framework's and the extension's public API")
        .check(spring);
  }

  @Test
  void theApiDoesNotReachIntoTheImplementation() {
    noClasses()
        .that()
        .resideInAPackage("io.infraaware.spring")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.infraaware.spring.internal..")
        .check(spring);
  }

  @Test
  void publicTypesSayWhatUsersMayRelyOn() {
    classes()
        .that()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .should()
        .beAnnotatedWith(API.class)
        .check(spring);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.infraaware.(*)..").should().beFreeOfCycles().check(spring);
  }
}
