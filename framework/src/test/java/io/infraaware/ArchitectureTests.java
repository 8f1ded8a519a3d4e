package io.infraaware;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The framework's architecture, checked: free of JUnit, layered one way, no package cycles. */
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
  void theFrameworkDoesNotReachUpTheModules() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.infraaware.junit..", "io.infraaware.chaos..", "io.infraaware.sample..")
        .because(
            "dependencies point one way: framework <- extensions <- chaos-scenarios <- sample-suite")
        .check(framework);
  }

  @Test
  void noPackageCycles() {
    slices()
        .matching("io.infraaware.(*)..")
        .should()
        .beFreeOfCycles()
        .because("a cycle makes two packages one, and neither can change alone")
        .check(framework);
  }

  @Test
  void theLayersPointOneWay() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("config")
        .definedBy("io.infraaware.config..", "io.infraaware.runtime..")
        .layer("service")
        .definedBy("io.infraaware.service..")
        .layer("probe")
        .definedBy("io.infraaware.probe..")
        .layer("spi")
        .definedBy("io.infraaware.spi..")
        .layer("kinds")
        .definedBy(
            "io.infraaware.jdbc..",
            "io.infraaware.postgres..",
            "io.infraaware.redis..",
            "io.infraaware.mysql..",
            "io.infraaware.rabbitmq..",
            "io.infraaware.nats..",
            "io.infraaware.mqtt..",
            "io.infraaware.kafka..",
            "io.infraaware.http..",
            "io.infraaware.websocket..",
            "io.infraaware.tcp..")
        .layer("chaos")
        .definedBy("io.infraaware.proxy..", "io.infraaware.time..", "io.infraaware.docker..")
        .layer("run")
        .definedBy("io.infraaware.run..", "io.infraaware.provision..")
        .whereLayer("run")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("kinds")
        .mayOnlyBeAccessedByLayers("run")
        .whereLayer("spi")
        .mayOnlyBeAccessedByLayers("kinds", "run")
        .whereLayer("probe")
        .mayOnlyBeAccessedByLayers("spi", "kinds", "run")
        .whereLayer("service")
        .mayOnlyBeAccessedByLayers("probe", "spi", "kinds", "chaos", "run")
        .because("each layer builds on the ones below it and knows nothing of those above")
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
