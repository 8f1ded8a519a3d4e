package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infraaware.testing.LoopbackServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's build as Surefire runs it with {@code forkCount=2} and reused forks (a launcher
 * execution per class) and JUnit's parallel classes: 12 classes need a healthy service, 12 a
 * refused one, 12 one that accepts and never answers. Maven runs the project for real; the build
 * probes each service once, prints one summary per fork, and its summary file counts every skip.
 */
class ForksIT {

  private static final int CLASSES_PER_SERVICE = 12;
  private static final int TESTS_PER_CLASS = 2;

  @Test
  void twoForksProbeEachServiceOnceAndTheSummaryCountsEverySkip(@TempDir Path project)
      throws Exception {
    try (LoopbackServer up = LoopbackServer.silent();
        LoopbackServer hung = LoopbackServer.silent()) {
      int refused = LoopbackServer.closedPort();
      writeProject(project, up.port(), refused, hung.port());

      long start = System.nanoTime();
      Process maven =
          new ProcessBuilder(
                  mavenWrapper().toString(),
                  "-B",
                  "-o",
                  "-f",
                  project.resolve("pom.xml").toString(),
                  "surefire:test")
              .directory(project.toFile())
              .redirectErrorStream(true)
              .redirectOutput(project.resolve("build.log").toFile())
              .start();
      boolean finished = maven.waitFor(5, TimeUnit.MINUTES);
      if (!finished) {
        maven.destroyForcibly();
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String log = Files.readString(project.resolve("build.log"));
      assertThat(finished).as("the build finished within 5 minutes:%n%s", log).isTrue();
      assertThat(maven.exitValue()).as(log).isZero();

      JsonNode summary =
          new ObjectMapper()
              .readTree(project.resolve("target/infraaware/infrastructure-summary.json").toFile());
      int jvms = summary.path("build").path("jvms").size();
      System.out.printf(
          "ForksIT: %d forks, %d ms for the build, hung service accepted %d connection(s)%n",
          jvms, took.toMillis(), hung.accepted());

      assertThat(jvms).as("both forks added to one summary").isEqualTo(2);
      assertThat(summary.path("skipped").asInt())
          .as("every skip of every fork")
          .isEqualTo(2 * CLASSES_PER_SERVICE * TESTS_PER_CLASS);
      assertThat(summary.path("failed").asInt()).isZero();
      Map<String, JsonNode> services = byName(summary);
      assertThat(services.get("up").path("skipped").asInt()).isZero();
      for (String name : List.of("refused", "hung")) {
        JsonNode service = services.get(name);
        assertThat(service.path("skipped").asInt())
            .as(name)
            .isEqualTo(CLASSES_PER_SERVICE * TESTS_PER_CLASS);
        assertThat(service.path("probes").asInt())
            .as("one probe of [%s] in the whole build; the other fork reused it", name)
            .isEqualTo(1);
      }
      assertThat(hung.accepted()).as("connections to the hung service").isEqualTo(1);
      assertThat(up.accepted()).as("connections to the healthy service").isEqualTo(1);
      // Surefire's own totals say the same: a skipped class counts each of its tests
      assertThat(log)
          .as("Surefire's totals")
          .contains(
              "Tests run: "
                  + 3 * CLASSES_PER_SERVICE * TESTS_PER_CLASS
                  + ", Failures: 0, Errors: 0, Skipped: "
                  + summary.path("skipped").asInt()
                  + "\n");
      long printed = log.lines().filter(line -> line.startsWith("InfraAware: ")).count();
      assertThat(printed).as("one summary per fork, not per class:%n%s", log).isEqualTo(jvms);
    }
  }

  private static Map<String, JsonNode> byName(JsonNode summary) {
    Map<String, JsonNode> services = new java.util.HashMap<>();
    summary
        .path("services")
        .forEach(service -> services.put(service.path("name").asText(), service));
    return services;
  }

  private static Path mavenWrapper() {
    Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    return root.resolve("mvnw");
  }

  /** The pom from the template, and 36 test classes compiled against this build's library. */
  private static void writeProject(Path project, int upPort, int refusedPort, int hungPort)
      throws IOException {
    String pom;
    try (InputStream in = ForksIT.class.getResourceAsStream("/forks/pom.xml")) {
      pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> library =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(ForksIT::isLibrary)
            .collect(Collectors.toList());
    pom =
        pom.replace(
                "@JUNIT_VERSION@",
                org.junit.jupiter.api.Test.class.getPackage().getImplementationVersion())
            .replace("@SUREFIRE_VERSION@", System.getProperty("forks.surefire.version", "3.6.1"))
            .replace("@LIBRARY@", String.join(",", library))
            .replace("@UP_PORT@", String.valueOf(upPort))
            .replace("@REFUSED_PORT@", String.valueOf(refusedPort))
            .replace("@HUNG_PORT@", String.valueOf(hungPort));
    Files.writeString(project.resolve("pom.xml"), pom);

    Path sources = Files.createDirectories(project.resolve("src/test/java/forks"));
    List<String> files = new ArrayList<>();
    for (String service : List.of("up", "refused", "hung")) {
      String prefix = Character.toUpperCase(service.charAt(0)) + service.substring(1);
      for (int i = 1; i <= CLASSES_PER_SERVICE; i++) {
        Path file = sources.resolve(prefix + i + "Test.java");
        Files.writeString(
            file,
            "package forks;\n"
                + "@io.infraaware.junit.RequiresService(\""
                + service
                + "\")\n"
                + "class "
                + prefix
                + i
                + "Test {\n"
                + "  @org.junit.jupiter.api.Test void first() {}\n"
                + "  @org.junit.jupiter.api.Test void second() {}\n"
                + "}\n");
        files.add(file.toString());
      }
    }
    Path classes = Files.createDirectories(project.resolve("target/test-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "-nowarn",
            "-proc:none",
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path")));
    arguments.addAll(files);
    int status = javac.run(null, null, null, arguments.toArray(new String[0]));
    assertThat(status).as("the project's tests compile").isZero();
  }

  /** InfraAware and what it needs at run time, from this test's own class path. */
  private static boolean isLibrary(String entry) {
    String path = entry.replace(File.separatorChar, '/');
    return path.endsWith("/extensions/target/classes")
        || path.endsWith("/framework/target/classes")
        || path.matches(".*/infraaware-(junit|framework)-[^/]*(?<!-tests)\\.jar")
        || path.matches(
            ".*/(jackson-core|jackson-databind|jackson-annotations|apiguardian-api)-[^/]*\\.jar");
  }
}
