package io.infraaware.toxiproxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The server's architecture, checked: standalone, its internals behind its public API. */
class ArchitectureTests {

  private final JavaClasses server =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(java.nio.file.Path.of("target", "classes"));

  @Test
  void theServerKnowsNoClientOfOurs() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.infraaware.config..",
            "io.infraaware.proxy..",
            "io.infraaware.junit..",
            "io.infraaware.chaos..",
            "io.infraaware.sample..")
        .because("the server runs standalone and embedded alike; its clients depend on it")
        .check(server);
  }

  @Test
  void theInternalsDoNotReachBackIntoThePublicApi() {
    noClasses()
        .that()
        .resideInAPackage("io.infraaware.toxiproxy.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.infraaware.toxiproxy")
        .because("the public API is a thin front; a dependency back would make one package of two")
        .check(server);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.infraaware.toxiproxy.(**)").should().beFreeOfCycles().check(server);
  }
}
