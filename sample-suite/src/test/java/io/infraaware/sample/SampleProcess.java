package io.infraaware.sample;

import io.infraaware.chaos.ChildProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The standalone sample ({@code target/infraaware-sample-app.jar}) as a {@link ChildProcess} of the
 * test, in a working directory and with an environment of the test's choosing, so that a test can
 * kill it (SIGKILL), stop it (SIGTERM) and start it again with the same configuration and
 * directory. What it prints goes to {@code backend.log} (or {@code auth.log}) in that directory.
 */
final class SampleProcess {

  /** Where the build puts the jar; {@code -Dinfraaware.sample.jar=...} points elsewhere. */
  static final String JAR_PROPERTY = "infraaware.sample.jar";

  /** The line a started sample prints, with the address it listens on. */
  static final String LISTENING = "infraaware sample (?:backend|auth) listening on (http://\\S+)";

  private SampleProcess() {}

  /** The sample's jar, built by {@code package}; fails with the command to build it. */
  static Path jar() {
    Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/infraaware-sample-app.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "No sample jar at ["
              + jar.toAbsolutePath()
              + "]: build it with ./mvnw -pl sample-suite -am package -DskipTests, or set -D"
              + JAR_PROPERTY);
    }
    return jar.toAbsolutePath();
  }

  /**
   * Starts the sample and waits until it says where it listens.
   *
   * @param workingDirectory its working directory (a relative {@code OUTBOX_DIR} is inside it)
   * @param env its environment variables ({@code PORT=0} for a free port)
   * @param args {@code auth} for the auth service, nothing for the backend
   * @return the running process
   */
  static ChildProcess start(Path workingDirectory, Map<String, String> env, String... args) {
    return ChildProcess.javaJar(args.length == 0 ? "backend" : args[0], jar(), args)
        .directory(workingDirectory)
        .environment(env)
        .readyWhenOutputMatches(LISTENING)
        .start();
  }

  /** Where the sample listens in its current run. */
  static URI uri(ChildProcess sample) {
    return URI.create(sample.readiness().group(1));
  }
}
