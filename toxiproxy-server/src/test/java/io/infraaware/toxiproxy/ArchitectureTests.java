package io.infraaware.toxiproxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apiguardian.api.API;
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
  void everyPublicTypeDeclaresWhatUsersMayRelyOn() {
    classes()
        .that()
        .arePublic()
        .should()
        .beAnnotatedWith(API.class)
        .because("users tell from @API what they may rely on, as in JUnit")
        .check(server);
  }

  @Test
  void theInternalsAreMarkedInternal() {
    classes()
        .that()
        .resideInAPackage("io.infraaware.toxiproxy.internal..")
        .and()
        .arePublic()
        .should()
        .beAnnotatedWith(internal())
        .check(server);
  }

  private static DescribedPredicate<JavaAnnotation<?>> internal() {
    return DescribedPredicate.describe(
        "@API(status = INTERNAL)",
        annotation ->
            annotation.getRawType().isEquivalentTo(API.class)
                && annotation.as(API.class).status() == API.Status.INTERNAL);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.infraaware.toxiproxy.(**)").should().beFreeOfCycles().check(server);
  }
}
