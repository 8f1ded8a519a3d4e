package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.Service;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The root causes behind the reports' "blocked by infrastructure", reproduced with the standalone
 * sample and answered: an auth service whose signing secret is set under another name (the reports'
 * {@code JWT_SECRET} versus {@code JWT_SECRET_KEY} drift) refuses to start outside development and
 * names the variable it does not read, instead of starting with a random secret whose tokens
 * everything else rejects; and a backend that never started (bad configuration at start, where the
 * reports had an import conflict) is a required service of the end-to-end suite, so InfraAware
 * turns "the backend is offline" into a verdict: the suite's tests skip with the diagnosis, or fail
 * with it in {@code require} mode.
 */
class RootCausesScenarioIT {

  private static final String SECRET = "a-signing-secret-of-at-least-32-bytes!!";

  @Test
  void anAuthServiceWhoseSecretHasAnotherNameRefusesToStartInStagingNamingIt(@TempDir Path dir)
      throws Exception {
    Exited auth =
        run(dir, Map.of("ENVIRONMENT", "staging", "PORT", "0", "JWT_SECRET_KEY", SECRET), "auth");
    assertThat(auth.code()).as("exit code: %s", auth.output()).isEqualTo(2);
    assertThat(auth.output())
        .contains("Missing AUTH_SECRET (ENVIRONMENT=staging)")
        .contains("JWT_SECRET_KEY is set but not read: did you mean AUTH_SECRET?")
        .doesNotContain("listening on")
        .doesNotContain(SECRET);
  }

  @Test
  void aBackendThatNeverStartedSkipsTheSuiteWithTheDiagnosisAndFailsItInRequireMode(
      @TempDir Path dir) throws Exception {
    int port = freePort();
    // bad configuration at start: the backend exits before it listens on its port
    Exited backend = run(dir, Map.of("PORT", Integer.toString(port), "DB_POOL_SIZE", "0"));
    assertThat(backend.code()).as("exit code: %s", backend.output()).isEqualTo(2);
    assertThat(backend.output()).contains("Invalid DB_POOL_SIZE=[0]");

    String url = "http://127.0.0.1:" + port;
    Predicate<String> diagnosis =
        reason ->
            reason.startsWith("Service [backend] at [" + url)
                && reason.contains("connection refused");
    suite("skip", url, dir)
        .assertStatistics(stats -> stats.started(0).skipped(1).failed(0))
        .assertThatEvents()
        .haveExactly(1, event(test("postsAMessage"), skippedWithReason(diagnosis)));
    suite("require", url, dir)
        .assertStatistics(stats -> stats.started(1).failed(1).succeeded(0))
        .assertThatEvents()
        .haveExactly(
            1, event(test("postsAMessage"), finishedWithFailure(message(diagnosis::test))));
  }

  /** The end-to-end suite in miniature, with the backend declared as the service it needs. */
  private static Events suite(String mode, String backendUrl, Path dir) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(BackendSuiteTestCase.class))
        .configurationParameters(
            Map.of(
                "infra.mode",
                mode,
                "infra.probe.reuse-within",
                "0s",
                "infra.report.dir",
                dir.resolve("infraaware-" + mode).toString(),
                "infra.services.backend.url",
                backendUrl,
                "infra.services.backend.health-path",
                "/health"))
        .execute()
        .testEvents();
  }

  @InfrastructureAware
  static class BackendSuiteTestCase {
    @Test
    void postsAMessage(@Service("backend") RequestSpecification backend) {
      RestAssured.given(backend).get("/api/rooms/lobby/messages").then().statusCode(401);
    }
  }

  private record Exited(int code, String output) {}

  /** Runs the standalone sample until it exits (it is expected to refuse to start). */
  private static Exited run(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new java.util.ArrayList<>(List.of(java.toString(), "-jar", SampleProcess.jar().toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve("sample.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.contains("SECRET"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError(
            "The sample did not stop by itself; it printed: "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Exited(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
