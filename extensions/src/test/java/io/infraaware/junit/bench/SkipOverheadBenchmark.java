package io.infraaware.junit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.infraaware.testing.LoopbackServer;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What InfraAware adds to a suite whose service is down: a generated suite of 200 classes, run
 * plain and with {@code @RequiresService} against a refused and a hung service, side by side.
 *
 * <p>Run: {@code ./mvnw -q -pl extensions -am -Pskip-benchmark -DskipTests test}
 */
public final class SkipOverheadBenchmark {

  private static final int CLASSES = 200;
  private static final int ROUNDS = 5;
  private static final String PROBE_TIMEOUT = "1s";

  private SkipOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("infraaware-bench");
    List<Class<?>> plain = generate(dir, "Plain", "");
    List<Class<?>> aware = generate(dir, "Aware", "@io.infraaware.junit.RequiresService(\"svc\")");
    int refusedPort = LoopbackServer.closedPort();
    Map<String, long[]> times = new HashMap<>();
    try (LoopbackServer hung = LoopbackServer.silent()) {
      // Warm up the engine and the probe code paths once, then alternate the variants.
      run(plain, Map.of());
      run(aware, settings("tcp://127.0.0.1:" + refusedPort));
      for (int round = 0; round < ROUNDS; round++) {
        record(times, "plain", run(plain, Map.of()));
        record(times, "up", run(aware, settings("tcp://127.0.0.1:" + hung.port())));
        record(times, "refused", run(aware, settings("redis://127.0.0.1:" + refusedPort)));
        record(times, "hung", run(aware, settings("redis://127.0.0.1:" + hung.port())));
      }
      System.out.printf(
          Locale.ROOT,
          "hung service: %d connection(s) accepted over %d runs of %d classes (one probe per run;"
              + " the up variant adds one per run)%n",
          hung.accepted(),
          ROUNDS,
          CLASSES);
    }
    long plainMs = median(times.get("plain"));
    long upMs = median(times.get("up"));
    long refusedMs = median(times.get("refused"));
    long hungMs = median(times.get("hung"));
    System.out.printf(Locale.ROOT, "%d classes, median of %d runs each%n", CLASSES, ROUNDS);
    System.out.printf(Locale.ROOT, "  plain suite (no InfraAware, tests run): %5d ms%n", plainMs);
    System.out.printf(
        Locale.ROOT,
        "  service up (tests run):                 %5d ms  added %+d ms%n",
        upMs,
        upMs - plainMs);
    System.out.printf(
        Locale.ROOT,
        "  refused service (all skipped):          %5d ms  added %+d ms%n",
        refusedMs,
        refusedMs - plainMs);
    System.out.printf(
        Locale.ROOT,
        "  hung service, probe timeout %s:        %5d ms  added %+d ms (%.2f probe timeouts)%n",
        PROBE_TIMEOUT,
        hungMs,
        hungMs - plainMs,
        (hungMs - plainMs)
            / (double)
                io.infraaware.config.internal.Durations.parse("timeout", PROBE_TIMEOUT).toMillis());
  }

  private static Map<String, String> settings(String url) {
    return Map.of(
        "infra.mode",
        "skip",
        "infra.probe.timeout",
        PROBE_TIMEOUT,
        "infra.services.svc.url",
        url,
        "infra.report.dir",
        System.getProperty("java.io.tmpdir") + "/infraaware-bench-report");
  }

  private static long run(List<Class<?>> classes, Map<String, String> parameters) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    DiscoverySelector[] selectors =
        classes.stream().map(c -> selectClass(c)).toArray(DiscoverySelector[]::new);
    long start = System.nanoTime();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectors)
            .configurationParameters(parameters)
            .build(),
        listener);
    long millis = (System.nanoTime() - start) / 1_000_000;
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTotalFailureCount() > 0) {
      throw new IllegalStateException("benchmark suite failed: " + summary.getFailures());
    }
    return millis;
  }

  private static List<Class<?>> generate(Path dir, String prefix, String annotation)
      throws IOException, ClassNotFoundException {
    Path sources = dir.resolve("src");
    Path pkg = sources.resolve("bench");
    Files.createDirectories(pkg);
    List<String> files = new ArrayList<>();
    for (int i = 0; i < CLASSES; i++) {
      String name = String.format(Locale.ROOT, "%s%03dTests", prefix, i);
      Path file = pkg.resolve(name + ".java");
      Files.writeString(
          file,
          "package bench;\n"
              + annotation
              + "\npublic class "
              + name
              + " {\n  @org.junit.jupiter.api.Test void first() {}\n"
              + "  @org.junit.jupiter.api.Test void second() {}\n}\n");
      files.add(file.toString());
    }
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> arguments =
        new ArrayList<>(Arrays.asList("-d", classes.toString(), "-cp", classpath()));
    arguments.addAll(files);
    if (compiler.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("could not compile the generated suite");
    }
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, SkipOverheadBenchmark.class.getClassLoader());
    List<Class<?>> loaded = new ArrayList<>();
    for (int i = 0; i < CLASSES; i++) {
      loaded.add(loader.loadClass(String.format(Locale.ROOT, "bench.%s%03dTests", prefix, i)));
    }
    return loaded;
  }

  private static String classpath() {
    ClassLoader loader = SkipOverheadBenchmark.class.getClassLoader();
    if (loader instanceof URLClassLoader) {
      StringBuilder path = new StringBuilder();
      for (URL url : ((URLClassLoader) loader).getURLs()) {
        path.append(url.getPath()).append(java.io.File.pathSeparator);
      }
      return path.toString();
    }
    return System.getProperty("java.class.path");
  }

  private static void record(Map<String, long[]> times, String variant, long millis) {
    long[] values = times.computeIfAbsent(variant, v -> new long[0]);
    long[] grown = Arrays.copyOf(values, values.length + 1);
    grown[values.length] = millis;
    times.put(variant, grown);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
