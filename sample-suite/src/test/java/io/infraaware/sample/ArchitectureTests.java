package io.infraaware.sample;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The sample system's architecture, checked: it is a system under test, so it knows nothing of the
 * library that tests it; only its tests do, and they use the library as any user would: its
 * declared API, never a type marked internal.
 */
class ArchitectureTests {

  private final JavaClasses sample =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(java.nio.file.Path.of("target", "classes"));

  @Test
  void theSystemUnderTestDoesNotDependOnTheTestLibrary() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.infraaware.config..",
            "io.infraaware.probe..",
            "io.infraaware.proxy..",
            "io.infraaware.junit..",
            "io.infraaware.chaos..",
            "io.infraaware.toxiproxy..",
            "org.junit..")
        .because("the sample is what users copy as a system under test, not as a test")
        .check(sample);
  }

  @Test
  void theUserProjectOfTheCompatibilityMatrixUsesOnlyTheDeclaredApiToo() {
    java.nio.file.Path compat =
        java.nio.file.Path.of("..", "compat", "junit-6.1", "target", "test-classes");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(compat),
        "compat/ was not built in this build (it is in every full build)");
    noClasses()
        .should()
        .dependOnClassesThat(UserApi.INTERNAL)
        .because("compat/ is a user's project: it may rely only on the declared API")
        .check(new ClassFileImporter().importPath(compat));
  }

  @Test
  void theTestsUseOnlyTheLibrarysDeclaredApi() {
    JavaClasses tests =
        new ClassFileImporter().importPath(java.nio.file.Path.of("target", "test-classes"));
    noClasses()
        .should()
        .dependOnClassesThat(UserApi.INTERNAL)
        .because(
            "the sample's tests are what users copy: they may rely only on types marked stable or"
                + " experimental with @API, which can change only with a release that says so")
        .check(tests);
  }
}
