package io.infraaware.chaos;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chaos module's own architecture, as framework's {@code ArchitectureTests} keeps its. */
class ArchitectureTests {

  private final JavaClasses chaos =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(Path.of("target", "classes"));

  @Test
  void packagesHaveNoCycles() {
    slices()
        .matching("io.infraaware.(**)")
        .should()
        .beFreeOfCycles()
        .because("each package of the chaos module can be understood and changed on its own")
        .check(chaos);
  }

  @Test
  void theModuleDoesNotReachUpTheLayers() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.infraaware.sample..")
        .because(
            "dependencies point one way: framework <- extensions <- chaos-scenarios <- sample-suite")
        .check(chaos);
  }

  @Test
  void otherModulesAreUsedThroughTheirApiOnly() {
    noClasses()
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.and(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                    "io.infraaware..internal..", "io.infraaware.toxiproxy.."),
                com.tngtech.archunit.base.DescribedPredicate.not(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                        "io.infraaware.runtime.internal..", "io.infraaware.chaos.internal.."))))
        .because(
            "another module's .internal package is its implementation (but for the library's own"
                + " clean-up and thread helpers), and the Toxiproxy server is reached through the"
                + " framework's ChaosControl, never directly")
        .check(chaos);
  }

  @Test
  void internalsStayInsideTheModule() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.infraaware.chaos..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.infraaware.chaos..internal..")
        .allowEmptyShould(true)
        .because("the chaos module's .internal packages are its own implementation")
        .check(chaos);
  }

  @Test
  void breakerAssertionsStandApartFromTheScenarioRunner() {
    noClasses()
        .that()
        .resideInAPackage("io.infraaware.chaos.breaker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.infraaware.chaos")
        .because("CircuitBreakerAssert is usable in any test, with or without a scenario")
        .check(chaos);
  }

  @Test
  void scenariosDoNotNeedJUnitJupiter() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.junit.jupiter..")
        .because(
            "a scenario runs in any test runner; only the report listener hooks into the JUnit"
                + " Platform's launcher")
        .check(chaos);
  }
}
