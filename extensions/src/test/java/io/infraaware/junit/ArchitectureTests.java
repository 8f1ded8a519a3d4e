package io.infraaware.junit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The extension's architecture, checked: JUnit Jupiter's extension API only (so it runs on every
 * supported version), the framework's public API only, nothing of the modules above.
 */
class ArchitectureTests {

  private final JavaClasses extension =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(java.nio.file.Path.of("target", "classes"));

  @Test
  void onlyTheExtensionApiOfJUnitIsUsed() {
    noClasses()
        .that()
        .doNotHaveSimpleName(InfraSessionListener.class.getSimpleName())
        .and()
        .doNotHaveSimpleName(InfraDiscoveryListener.class.getSimpleName())
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.junit.platform.launcher..",
            "org.junit.platform.engine..",
            "org.junit.jupiter.engine..",
            "org.junit.platform.testkit..")
        .because(
            "the launcher and engines are the user's (any JUnit from 5.10 on); an extension that"
                + " reaches for them breaks on versions it was not built against (the session"
                + " and discovery listeners are the launcher's own plug-ins, loaded only by a"
                + " launcher)")
        .check(extension);
  }

  @Test
  void theFrameworksInternalsStayInside() {
    noClasses()
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.and(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                    "io.infraaware..internal.."),
                com.tngtech.archunit.base.DescribedPredicate.not(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                        "io.infraaware.runtime.internal.."))))
        .because(
            "the extension only translates the framework's verdicts for JUnit: it builds on the"
                + " public API (and the library's own clean-up helpers)")
        .check(extension);
  }

  @Test
  void theModulesAboveAreNotReached() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.infraaware.chaos..", "io.infraaware.sample..")
        .because("dependencies point one way: framework <- extensions <- chaos <- sample")
        .check(extension);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.infraaware.(*)..").should().beFreeOfCycles().check(extension);
  }
}
