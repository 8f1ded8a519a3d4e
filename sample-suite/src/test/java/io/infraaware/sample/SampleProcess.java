package io.infraaware.sample;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone sample ({@code target/infraaware-sample-app.jar}) as a child process of the test,
 * in a working directory and with an environment of the test's choosing, so that a test can kill it
 * (SIGKILL), stop it (SIGTERM) and start it again with the same configuration and directory.
 *
 * <p>The environment is the one given, plus {@code PATH}, {@code HOME} and {@code LANG} of the test
 * JVM: nothing else of the test's environment leaks into the sample. Everything it prints (stdout
 * and stderr, merged) goes to {@code sample-process.log} in its working directory (appended to by a
 * restart), read by {@link #output()}; a file rather than a pipe, so what it prints while stopping
 * cannot be lost with the pipe.
 */
final class SampleProcess implements AutoCloseable {

  /** Where the build puts the jar; {@code -Dinfraaware.sample.jar=...} points elsewhere. */
  static final String JAR_PROPERTY = "infraaware.sample.jar";

  private static final Pattern LISTENING =
      Pattern.compile("infraaware sample (?:backend|auth) listening on (http://\\S+)");

  private final Process process;
  private final Path workingDirectory;
  private final Map<String, String> env;
  private final List<String> args;
  private final Path log;
  private final int firstLine;

  private SampleProcess(
      Process process,
      Path workingDirectory,
      Map<String, String> env,
      List<String> args,
      Path log,
      int firstLine) {
    this.process = process;
    this.workingDirectory = workingDirectory;
    this.env = env;
    this.args = args;
    this.log = log;
    this.firstLine = firstLine;
  }

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
  static SampleProcess start(Path workingDirectory, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    Path log = workingDirectory.resolve("sample-process.log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> environment = builder.environment();
    Map<String, String> inherited = new HashMap<>(environment);
    environment.clear();
    for (String keep : List.of("PATH", "HOME", "LANG")) {
      if (inherited.containsKey(keep)) {
        environment.put(keep, inherited.get(keep));
      }
    }
    environment.putAll(env);
    try {
      int firstLine = Files.exists(log) ? lines(log).size() : 0;
      SampleProcess started =
          new SampleProcess(
              builder.start(), workingDirectory, Map.copyOf(env), List.of(args), log, firstLine);
      started.awaitListening();
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  /** The same program again, in the same directory with the same environment. */
  SampleProcess restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("Still running: pid " + process.pid());
    }
    return start(workingDirectory, env, args.toArray(String[]::new));
  }

  private void awaitListening() {
    try {
      await("the sample (pid " + process.pid() + ") says where it listens")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> listening().isPresent() || !process.isAlive());
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw new IllegalStateException("The sample did not start; it printed: " + output(), e);
    }
    if (listening().isEmpty()) {
      awaitExit();
      throw new IllegalStateException(
          "The sample exited with " + process.exitValue() + " at start; it printed: " + output());
    }
  }

  private Optional<URI> listening() {
    for (String line : output()) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        return Optional.of(URI.create(matcher.group(1)));
      }
    }
    return Optional.empty();
  }

  /** Where the process listens. */
  URI uri() {
    return listening().orElseThrow();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Every line this process printed so far. */
  List<String> output() {
    List<String> all = lines(log);
    return all.subList(Math.min(firstLine, all.size()), all.size());
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: the process gets no chance to do anything; returns once it is gone. */
  int kill() {
    process.destroyForcibly();
    return awaitExit();
  }

  /** SIGTERM: shutdown hooks run (a graceful stop); returns the exit code once it is gone. */
  int stop() {
    process.destroy();
    return awaitExit();
  }

  private int awaitExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("pid " + process.pid() + " did not end within 60 s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("Interrupted waiting for pid " + process.pid(), e);
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
