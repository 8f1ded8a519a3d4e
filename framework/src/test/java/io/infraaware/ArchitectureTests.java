package io.infraaware;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchitectureTests {

  private final JavaClasses framework =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(java.nio.file.Path.of("target", "classes"));

  @Test
  void theFrameworkDoesNotDependOnJUnit() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.junit..", "org.opentest4j..")
        .because("the framework is usable from any test runner; JUnit glue lives in extensions")
        .check(framework);
  }

  @Test
  void theFrameworkDoesNotReachUpTheLayers() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.infraaware.junit..", "io.infraaware.chaos..", "io.infraaware.sample..")
        .because(
            "dependencies point one way: framework <- extensions <- chaos-scenarios <- sample-suite")
        .check(framework);
  }

  @ParameterizedTest
  @ValueSource(strings = {"probe", "proxy"})
  void internalsStayInsideTheirArea(String area) {
    String base = "io.infraaware." + area;
    noClasses()
        .that()
        .resideOutsideOfPackage(base + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(base + ".internal..")
        .because("an area's .internal package is its own implementation, not API for other areas")
        .check(framework);
  }
}
