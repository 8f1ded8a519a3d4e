package io.infraaware.chaos;

import io.infraaware.runtime.internal.SecretText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A system under test running as a child process of the test: a jar or any program, in a working
 * directory and with an environment of the test's choosing, that a scenario can kill (SIGKILL),
 * stop (SIGTERM) and start again with the same command, directory and environment.
 *
 * <pre>{@code
 * try (ChildProcess backend =
 *     ChildProcess.javaJar("backend", Path.of("target/app.jar"))
 *         .directory(work)
 *         .environment(Map.of("PORT", "0", "DATABASE_URL", postgres.endpoint().url()))
 *         .readyWhenOutputMatches("listening on (http://\\S+)")
 *         .start()) {
 *   URI uri = URI.create(backend.readiness().group(1));
 *   Scenario.named("crash during an outage")
 *       ...
 *       .inject(Crash.kill(backend))
 *       ...
 * }
 * }</pre>
 *
 * <p>Its environment is the one given plus {@code PATH}, {@code HOME} and {@code LANG}: nothing
 * else of the test's environment (tokens of the CI runner) leaks into it, unless {@link
 * Builder#inheritEnvironment()} says so. Everything it prints, stdout and stderr merged, is
 * appended to {@code <name>.log} in its working directory, across restarts: a file rather than a
 * pipe, so what it prints while it stops cannot be lost with the pipe, and a full pipe cannot stall
 * it. A process still running when the test JVM exits is killed.
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ChildProcess implements SystemUnderTest, AutoCloseable {

  private static final List<String> KEPT_VARIABLES = List.of("PATH", "HOME", "LANG");

  /** The settings as they were when it started: a builder changed later changes nothing here. */
  private record Settings(
      String name,
      List<String> command,
      Path directory,
      Map<String, String> environment,
      boolean inheritEnvironment,
      Pattern ready,
      Duration startWithin,
      Duration stopWithin) {
    Settings(Builder b) {
      this(
          b.name,
          b.command,
          b.directory,
          Map.copyOf(b.environment),
          b.inheritEnvironment,
          b.ready,
          b.startWithin,
          b.stopWithin);
    }
  }

  private final Settings settings;
  // written under the lock; read without it, so that asking whether it runs never waits for a start
  private volatile Process process;
  private long firstByte;
  private MatchResult readiness;
  private Thread reaper;

  private ChildProcess(Settings settings) {
    this.settings = settings;
  }

  /**
   * Describes a child process running {@code command}.
   *
   * @param name what it is called in the timeline, and its log's name
   * @param command the program and its arguments
   * @return a builder; nothing runs until {@link Builder#start()}
   */
  public static Builder command(String name, List<String> command) {
    return new Builder(name, command);
  }

  /**
   * Describes a child process running {@code java -jar jar args} with the test's own JVM.
   *
   * @param name what it is called in the timeline, and its log's name
   * @param jar the jar
   * @param args its arguments
   * @return a builder; nothing runs until {@link Builder#start()}
   */
  public static Builder javaJar(String name, Path jar, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return command(name, command);
  }

  /** How a child process runs; each setting is kept for every restart. */
  public static final class Builder {
    private final String name;
    private final List<String> command;
    private Path directory = Path.of("").toAbsolutePath();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private boolean inheritEnvironment;
    private Pattern ready;
    private Duration startWithin = Duration.ofSeconds(60);
    private Duration stopWithin = Duration.ofSeconds(30);

    private Builder(String name, List<String> command) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "A child process's name names its log file: letters, digits, '.', '_' and '-' only,"
                + " was ["
                + name
                + "]");
      }
      this.command = List.copyOf(command);
      if (this.command.isEmpty()) {
        throw new IllegalArgumentException("Child process [" + name + "] has no command");
      }
    }

    /**
     * Its working directory, which must exist; the test JVM's by default.
     *
     * @param value the directory
     * @return this builder
     */
    public Builder directory(Path value) {
      this.directory = Objects.requireNonNull(value, "directory").toAbsolutePath();
      return this;
    }

    /**
     * Adds environment variables.
     *
     * @param values the variables
     * @return this builder
     */
    public Builder environment(Map<String, String> values) {
      environment.putAll(values);
      return this;
    }

    /**
     * Gives the process the whole environment of the test JVM, under the variables given.
     *
     * @return this builder
     */
    public Builder inheritEnvironment() {
      this.inheritEnvironment = true;
      return this;
    }

    /**
     * When the process counts as ready: once a line it prints matches {@code regex}; its groups are
     * then {@link #readiness()}. Without it, a process is ready as soon as it runs.
     *
     * @param regex a {@link Pattern}
     * @return this builder
     */
    public Builder readyWhenOutputMatches(String regex) {
      this.ready = Pattern.compile(regex);
      return this;
    }

    /**
     * How long a start may take before it fails (and the process is killed); 60 s by default.
     *
     * @param value the bound
     * @return this builder
     */
    public Builder startWithin(Duration value) {
      this.startWithin = positive("startWithin", value);
      return this;
    }

    /**
     * How long a SIGTERM may take before the process is killed; 30 s by default.
     *
     * @param value the bound
     * @return this builder
     */
    public Builder stopWithin(Duration value) {
      this.stopWithin = positive("stopWithin", value);
      return this;
    }

    /**
     * Starts the process and waits until it is ready.
     *
     * @return the running process
     * @throws IllegalStateException when it exits or is not ready in time; its output is in the
     *     message
     */
    public ChildProcess start() {
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException(
            "Child process [" + name + "]: no working directory at [" + directory + "]");
      }
      ChildProcess child = new ChildProcess(new Settings(this));
      child.start();
      return child;
    }

    private static Duration positive(String what, Duration value) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + value);
      }
      return value;
    }
  }

  @Override
  public String name() {
    return settings.name;
  }

  @Override
  public boolean isRunning() {
    Process running = process;
    return running != null && running.isAlive();
  }

  /**
   * The process's id, of the current run.
   *
   * @return the pid
   * @throws IllegalStateException before the first start
   */
  public long pid() {
    return current().pid();
  }

  /**
   * How the current run ended.
   *
   * @return its exit code, or empty while it runs
   */
  public Optional<Integer> exitCode() {
    Process running = process;
    return running == null || running.isAlive()
        ? Optional.empty()
        : Optional.of(running.exitValue());
  }

  /**
   * The line that made the current run ready, as matched by {@link
   * Builder#readyWhenOutputMatches(String)}: {@code readiness().group(1)} is, for example, the
   * address it printed.
   *
   * @return the match
   * @throws IllegalStateException when no readiness pattern was given, or no run became ready
   */
  public synchronized MatchResult readiness() {
    if (settings.ready == null) {
      throw new IllegalStateException(
          "Child process [" + name() + "] was given no readiness pattern");
    }
    if (readiness == null) {
      throw new IllegalStateException(
          "Child process ["
              + name()
              + "] has no ready run (no line matched ["
              + settings.ready
              + "])");
    }
    return readiness;
  }

  /**
   * Every line the current run printed so far (since its last start), the last one perhaps not
   * finished yet.
   *
   * @return the lines
   */
  public synchronized List<String> output() {
    return printed().lines().toList();
  }

  /** What the current run printed, from where the log stood when it started. */
  private String printed() {
    Path log = log();
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      long size = channel.size();
      if (size <= firstByte) {
        return "";
      }
      channel.position(firstByte);
      ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size - firstByte));
      while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
        // reads what is there
      }
      // what a process prints need not be valid UTF-8: replaced, never a failure
      return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + log, e);
    }
  }

  /**
   * Where everything it printed goes, across restarts.
   *
   * @return {@code <name>.log} in its working directory
   */
  public Path log() {
    return settings.directory.resolve(settings.name + ".log");
  }

  @Override
  public synchronized String start() {
    Process previous = process;
    if (previous != null && previous.isAlive()) {
      throw new IllegalStateException(
          "Child process [" + name() + "] is running already, as pid " + previous.pid());
    }
    unwatch(); // a run that ended by itself left its hook
    ProcessBuilder builder =
        new ProcessBuilder(settings.command)
            .directory(settings.directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    Map<String, String> environment = builder.environment();
    if (!settings.inheritEnvironment) {
      Map<String, String> inherited = new HashMap<>(environment);
      environment.clear();
      for (String keep : KEPT_VARIABLES) {
        if (inherited.containsKey(keep)) {
          environment.put(keep, inherited.get(keep));
        }
      }
    }
    environment.putAll(settings.environment);
    long started = System.nanoTime();
    try {
      // a byte offset, not a line count: a run killed mid-line leaves no line to miscount
      firstByte = Files.exists(log()) ? Files.size(log()) : 0;
      readiness = null;
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start child process [" + name() + "]: " + settings.command.get(0), e);
    }
    watchForExitOfTheTestJvm();
    awaitReady(started);
    return String.format(
        Locale.ROOT,
        "started as pid %d, ready in %.1f s",
        process.pid(),
        (System.nanoTime() - started) / 1e9);
  }

  private void awaitReady(long started) {
    Process running = process;
    long deadline = started + settings.startWithin.toNanos();
    try {
      while (true) {
        if (settings.ready == null) {
          if (running.isAlive()) {
            return;
          }
        } else {
          Optional<MatchResult> match = firstMatch(settings.ready);
          if (match.isPresent()) {
            readiness = match.get();
            return;
          }
        }
        if (!running.isAlive()) {
          throw new IllegalStateException(
              "Child process ["
                  + name()
                  + "] exited with "
                  + running.exitValue()
                  + " before it was ready; it printed: "
                  + tail());
        }
        if (System.nanoTime() - deadline > 0) {
          killAndForget(running);
          throw new IllegalStateException(
              "Child process ["
                  + name()
                  + "] was not ready within "
                  + millis(settings.startWithin)
                  + " (no line matched ["
                  + settings.ready
                  + "]); it was killed; it printed: "
                  + tail());
        }
        // returns at once when the process exits
        running.waitFor(50, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      killAndForget(running);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while child process [" + name() + "] started; it was killed", e);
    }
  }

  /** The first finished line of this run that matches: a line still being written may be cut. */
  private Optional<MatchResult> firstMatch(Pattern pattern) {
    String printed = printed();
    int end = printed.lastIndexOf('\n');
    if (end < 0) {
      return Optional.empty();
    }
    for (String line : printed.substring(0, end).lines().toList()) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return Optional.of(matcher.toMatchResult());
      }
    }
    return Optional.empty();
  }

  private String tail() {
    List<String> output = output();
    return SecretText.scrub(
        String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())));
  }

  @Override
  public synchronized String kill() {
    return end(true);
  }

  @Override
  public synchronized String stop() {
    return end(false);
  }

  /** Ends the current run: SIGKILL, or SIGTERM with SIGKILL after the grace period. */
  private String end(boolean kill) {
    Process running = current();
    if (!running.isAlive()) {
      throw new IllegalStateException(
          "Child process ["
              + name()
              + "] is not running (pid "
              + running.pid()
              + " exited with "
              + running.exitValue()
              + ")");
    }
    // taken before any signal: once the parent is gone, its children are no longer its descendants
    List<ProcessHandle> family = running.descendants().toList();
    long started = System.nanoTime();
    boolean forced = false;
    try {
      if (kill) {
        family.forEach(ProcessHandle::destroyForcibly);
        running.destroyForcibly();
      } else {
        running.destroy();
      }
      if (!running.waitFor(settings.stopWithin.toMillis(), TimeUnit.MILLISECONDS)) {
        forced = true;
        running.destroyForcibly();
        if (!running.waitFor(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              "Child process [" + name() + "] (pid " + running.pid() + ") would not end");
        }
      }
    } catch (InterruptedException e) {
      killAndForget(running);
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while child process [" + name() + "] ended; it was killed", e);
    } finally {
      // what the program started and left behind goes with it
      family.forEach(ProcessHandle::destroyForcibly);
      unwatch();
    }
    return String.format(
        Locale.ROOT,
        "pid %d got %s and exited with %d in %d ms%s",
        running.pid(),
        kill ? "SIGKILL" : "SIGTERM",
        running.exitValue(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        forced ? " (killed after " + millis(settings.stopWithin) + " of SIGTERM)" : "");
  }

  /** SIGKILL to the process and what it started, without waiting: safe on an interrupted thread. */
  private static void killAndForget(Process running) {
    running.descendants().forEach(ProcessHandle::destroyForcibly);
    running.destroyForcibly();
  }

  private static String millis(Duration duration) {
    return duration.toMillis() < 1000
        ? duration.toMillis() + " ms"
        : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private Process current() {
    Process running = process;
    if (running == null) {
      throw new IllegalStateException("Child process [" + name() + "] was never started");
    }
    return running;
  }

  /** A test JVM that exits (or is killed by Surefire) takes its child with it. */
  private void watchForExitOfTheTestJvm() {
    Process running = process;
    reaper = new Thread(() -> killAndForget(running), "infraaware-child-" + name() + "-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  private void unwatch() {
    if (reaper != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
      reaper = null;
    }
  }

  /** Kills the process and what it started, if it still runs; never fails for one that ended. */
  @Override
  public synchronized void close() {
    Process running = process;
    if (running != null) {
      killAndForget(running);
      try {
        running.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    unwatch();
  }

  @Override
  public String toString() {
    Process running = process;
    return "ChildProcess["
        + name()
        + (running == null
            ? ", not started"
            : running.isAlive() ? ", pid " + running.pid() : ", exited with " + running.exitValue())
        + "]";
  }
}
