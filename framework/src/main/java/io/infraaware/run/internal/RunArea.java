package io.infraaware.run.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.isolation.internal.Isolation;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.provision.internal.Provisioner;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.runtime.internal.DaemonThreads;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.spi.internal.KindRegistry;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;

/**
 * What this JVM keeps for one report directory, whatever the number of launcher executions in it:
 * the probe results (once per service per JVM, and reused from other JVMs of the build while
 * recent), what was provisioned, the Toxiproxy servers, and this JVM's summary, which joins the
 * build's.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class RunArea implements AutoCloseable {

  /**
   * A service's definition for the run (the configured one, or what was provisioned in its place)
   * and what its probe found.
   *
   * @param definition the service to use
   * @param result its probe result
   */
  public record Availability(ServiceDefinition definition, ProbeResult result) {}

  private record ChaosSettings(
      Optional<URI> url,
      boolean container,
      String image,
      Optional<Long> seed,
      Duration timeout,
      int port) {
    static ChaosSettings of(InfraConfig config) {
      return new ChaosSettings(
          config.toxiproxyUrl(),
          config.toxiproxyContainer(),
          config.toxiproxyImage(),
          config.toxiproxySeed(),
          config.toxiproxyTimeout(),
          config.toxiproxyPort());
    }
  }

  private record Probed(long at, boolean reused) {}

  private final Path reportDir;
  private final KindRegistry kinds;
  private final Duration reuseWithin;
  private final RunSummary summary = new RunSummary();
  private final BuildFiles build;
  private final InfraConfig config;
  private Provisioner provisioner;
  private final List<Isolation> isolations = new ArrayList<>();
  private final Map<Optional<Path>, ProbeCache> probes = new ConcurrentHashMap<>();
  private final Map<ChaosSettings, ChaosServer> chaos = new ConcurrentHashMap<>();
  private final Map<ServiceDefinition, Availability> resolved = new ConcurrentHashMap<>();
  private final Map<ServiceDefinition, Probed> probed = new ConcurrentHashMap<>();

  /** Services probed before a test asked, until a decision takes them. */
  private final Set<ServiceDefinition> early = ConcurrentHashMap.newKeySet();

  private volatile boolean closed;

  /** Services seen going away during a test, and when they were last probed since. */
  private final Map<ServiceDefinition, Long> suspect = new ConcurrentHashMap<>();

  private final AtomicReference<Figures> lastBuild = new AtomicReference<>();
  private long flushedVersion;
  private long printedVersion;

  RunArea(Path reportDir, InfraConfig config, KindRegistry kinds) {
    this.reportDir = reportDir;
    this.kinds = kinds;
    this.reuseWithin = config.probeReuseWithin();
    this.config = config;
    // What the first probe's timing and the end of the run need (the JDK's socket classes, the
    // build's identity, the JSON writer) is made ready beside the tests rather than on the way to
    // the first verdict: every fresh JVM pays for it.
    CompletableFuture<BuildId> buildId = new CompletableFuture<>();
    DaemonThreads.start(
        "run-preparation",
        () -> {
          try {
            ProbeCache.prepareSockets();
            buildId.complete(BuildId.of(config));
            SummaryJson.prepare();
          } catch (Throwable e) {
            buildId.completeExceptionally(e);
          }
        });
    this.build = new BuildFiles(reportDir, buildId::join);
  }

  /** The provisioner, made when something first needs provisioning. */
  private synchronized Provisioner provisioner() {
    if (provisioner == null) {
      provisioner = new Provisioner(config);
    }
    return provisioner;
  }

  /** The report directory. */
  public Path reportDir() {
    return reportDir;
  }

  /** The service kinds. */
  public KindRegistry kinds() {
    return kinds;
  }

  /** This JVM's summary. */
  public RunSummary summary() {
    return summary;
  }

  /**
   * A service as the run uses it: probed once per JVM (or reused from another JVM of the build),
   * and, when unavailable and its configuration allows, replaced by a provisioned one.
   *
   * @param configured the configured service
   * @param config the configuration asking (its compose file names hints)
   * @return the availability
   */
  public Availability resolve(ServiceDefinition configured, InfraConfig config) {
    Long seenAt = suspect.get(configured);
    if (seenAt != null && System.currentTimeMillis() - seenAt >= reuseWithin.toMillis()) {
      // seen going away a while ago: decided with a fresh probe, not the verdict of then
      reprobe(configured, config);
    }
    return resolved.computeIfAbsent(configured, service -> probeAndProvision(service, config));
  }

  /**
   * Starts probing a configured service before any test asks for it, unless it is known already:
   * the decision that needs it later takes this probe's result. Nothing is counted or provisioned.
   *
   * @param configured the configured service
   * @param config the configuration
   */
  public void probeAhead(ServiceDefinition configured, InfraConfig config) {
    if (!closed && !resolved.containsKey(configured)) {
      early.add(configured);
      probes(config).probeAhead(configured);
    }
  }

  /**
   * Probes a service again at once, whatever was known of it: a test failed in a way that says its
   * connection failed. The fresh result replaces the known one; while the service is suspect, later
   * decisions probe it again once the reuse lifetime has passed, so that its return is seen.
   *
   * @param configured the configured service
   * @param config the configuration asking
   * @return the fresh result
   */
  public ProbeResult reprobe(ServiceDefinition configured, InfraConfig config) {
    Availability known = resolved.get(configured);
    ServiceDefinition target = known != null ? known.definition() : configured;
    ProbeResult fresh = probes(config).reprobe(target);
    resolved.put(configured, new Availability(target, fresh));
    summary.recordProbe(fresh);
    if (!fresh.status().isUsable()) {
      suspect.put(configured, System.currentTimeMillis());
    } else if (suspect.remove(configured) != null) {
      summary.recordEvent(configured.name(), "came back", fresh.describe());
    }
    return fresh;
  }

  /**
   * Whether a provider of a kind says an exception is a connection failure of its client.
   *
   * @param failure the failure
   * @return true for a connection-level failure
   */
  public boolean isConnectionFailure(Throwable failure) {
    return ConnectionFailures.isConnectionLevel(failure, kinds.providers());
  }

  private Availability probeAndProvision(ServiceDefinition service, InfraConfig config) {
    Isolation.Mode isolation = Isolation.mode(config, service);
    ProbeCache cache = probes(config);
    boolean earlyAndDone = early.remove(service) && cache.finished(service);
    ProbeResult result = cache.probe(service);
    Probed made = probed.get(service);
    if (earlyAndDone && !result.status().isUsable() && (made == null || !made.reused())) {
      // this JVM probed it while tests were discovered, and it was wanting: a service the run
      // itself starts after discovery (a suite's @BeforeSuite, a listener) gets a probe now
      result = cache.reprobe(service);
    }
    Probed when = probed.getOrDefault(service, new Probed(System.currentTimeMillis(), false));
    if (result.status().isUsable() || result.diagnosis().isEmpty()) {
      Availability available = isolate(new Availability(service, result), isolation);
      summary.recordProbe(available.result(), when.at(), when.reused());
      return available;
    }
    Provisioner.Outcome outcome = provisioner().provision(service, result, cache);
    Availability provisioned =
        isolate(new Availability(outcome.definition(), outcome.result()), isolation);
    summary.recordProbe(provisioned.result(), when.at(), when.reused());
    return provisioned;
  }

  /**
   * The run's own database or schema in place of the configured one, where the configuration asks
   * for it and the service is usable; dropped when the run ends.
   */
  private Availability isolate(Availability available, Isolation.Mode mode) {
    if (mode == Isolation.Mode.NONE || !available.result().status().isUsable()) {
      return available;
    }
    ServiceDefinition service = available.definition();
    try {
      Isolation isolation = Isolation.start(service, mode);
      synchronized (isolations) {
        isolations.add(isolation);
      }
      ServiceDefinition own = isolation.definition();
      ProbeResult result = available.result();
      return new Availability(
          own, ProbeResult.up(own, result.latency(), result.version().orElse(null)));
    } catch (RuntimeException e) {
      return new Availability(
          service,
          ProbeResult.diagnosed(
              service,
              available.result().latency(),
              available.result().version().orElse(null),
              new io.infraaware.probe.Diagnosis(
                  io.infraaware.probe.DiagnosisCode.ISOLATION_FAILED,
                  e.getMessage(),
                  (service.kind().id().equals("redis")
                          ? "let the user run CLIENT, SELECT, WATCH and FLUSHDB on a server with"
                              + " a free logical database besides 0"
                          : "grant the user the right to create "
                              + (mode == Isolation.Mode.DATABASE ? "databases" : "schemas"))
                      + ", or remove "
                      + InfraConfig.serviceKey(service.name(), Isolation.KEY))));
    }
  }

  /**
   * The probe cache for a configuration's hints, shared by the build's JVMs.
   *
   * @param config the configuration
   * @return the cache
   */
  public ProbeCache probes(InfraConfig config) {
    return probes.computeIfAbsent(
        config.composeFile(),
        compose -> {
          ProbeCache cache = kinds.probeCache(config);
          cache.shareWith(this::shared);
          return cache;
        });
  }

  private ProbeResult shared(
      ServiceDefinition service, boolean fresh, java.util.function.Supplier<ProbeResult> probe) {
    if (reuseWithin.isZero()) {
      ProbeResult result = probe.get();
      probed.put(service, new Probed(System.currentTimeMillis(), false));
      return result;
    }
    AtomicReference<ProbeResult> made = new AtomicReference<>();
    BuildFiles.Shared shared =
        build.verdict(
            key(service),
            secret(service),
            reuseWithin,
            fresh,
            () -> {
              long at = System.currentTimeMillis();
              made.set(probe.get());
              return Figures.Service.of(
                  service.name(), made.get(), null, at, 1, 0, 0, 0, List.of());
            });
    probed.put(service, new Probed(shared.service().probedAt(), shared.reused()));
    return made.get() != null ? made.get() : rebuild(service, shared.service());
  }

  /** What makes two probes the same, secrets masked (the verdict file holds this). */
  private static String key(ServiceDefinition service) {
    ServiceEndpoint endpoint = service.endpoint();
    return String.join(
        "\u0000",
        service.kind().id(),
        service.name(),
        endpoint.maskedUrl(),
        service.maskedHealthUrl(),
        service.probeTimeout().toString(),
        service.image().orElse(""),
        service.composeService(),
        service.provision().name());
  }

  /**
   * What makes two probes the same that is secret (a password, a token in the URL or the health
   * path): only a salted digest of it is kept; null when nothing is masked.
   */
  private static String secret(ServiceDefinition service) {
    ServiceEndpoint endpoint = service.endpoint();
    String unmasked =
        endpoint.url() + "\u0000" + endpoint.urlWithoutUserInfo() + service.healthPath();
    String masked = endpoint.maskedUrl() + "\u0000" + service.maskedHealthUrl();
    boolean secret =
        endpoint.password().isPresent()
            || !endpoint.url().equals(endpoint.maskedUrl())
            || !(endpoint.urlWithoutUserInfo() + service.healthPath())
                .equals(service.maskedHealthUrl());
    return secret ? unmasked + "\u0000" + endpoint.password().orElse("") + masked : null;
  }

  private static ProbeResult rebuild(ServiceDefinition service, Figures.Service shared) {
    Duration latency = Duration.ofMillis(shared.latencyMillis());
    ProbeResult result =
        shared.diagnosis() == null
            ? ProbeResult.up(service, latency, shared.version())
            : ProbeResult.diagnosed(service, latency, shared.version(), shared.diagnosis());
    return shared.note() == null ? result : result.withNote(shared.note());
  }

  /**
   * The Toxiproxy server for a configuration's chaos settings, started (or probed) once per JVM.
   *
   * @param config the configuration
   * @return the server, or why there is none
   */
  public ChaosServer chaos(InfraConfig config) {
    return chaos.computeIfAbsent(
        ChaosSettings.of(config),
        settings -> {
          ChaosServer server = ChaosServer.start(config, probes(config));
          summary.recordProbe(server.result(), System.currentTimeMillis(), false);
          return server;
        });
  }

  /**
   * The tests the other JVMs of the build skipped, and this JVM's figures written for them, in one
   * step under the build's lock: a skip budget that counts across forks.
   *
   * @param decision decides and records in this JVM's summary, given the other JVMs' skips
   * @param <T> what it decides
   * @return the decision
   */
  public <T> T withBuildSkips(java.util.function.IntFunction<T> decision) {
    return build.locked(
        () -> {
          T decided = decision.apply(build.othersSkipped());
          lastBuild.set(build.contribute(summary.figures(JvmIdentity.CURRENT)));
          return decided;
        });
  }

  /** Writes this JVM's figures into the build's summary, if they changed since. */
  public void flush() {
    long version = summary.version();
    synchronized (this) {
      if (version == flushedVersion || summary.isEmpty()) {
        return;
      }
      flushedVersion = version;
    }
    try {
      lastBuild.set(build.locked(() -> build.contribute(summary.figures(JvmIdentity.CURRENT))));
    } catch (UncheckedIOException e) {
      System.getLogger(RunArea.class.getName())
          .log(System.Logger.Level.WARNING, "InfraAware summary could not be written", e);
    }
  }

  /**
   * Prints this JVM's summary, and the build's totals when other JVMs added to them, if anything
   * changed since it was last printed.
   *
   * @param out where
   */
  public void print(PrintStream out) {
    flush();
    long version = summary.version();
    synchronized (this) {
      if (version == printedVersion || summary.isEmpty()) {
        return;
      }
      printedVersion = version;
    }
    List<String> lines = new ArrayList<>();
    lines.add(RunSummary.toText(summary.figures(JvmIdentity.CURRENT)));
    Figures build = lastBuild.get();
    if (build != null && build.jvms().size() > 1) {
      lines.add(
          "  the build so far, over "
              + build.jvms().size()
              + " JVMs: "
              + build.skipped()
              + " test(s) skipped and "
              + build.failed()
              + " failed for infrastructure");
    }
    lines.add(
        build == null
            ? "InfraAware summary could not be written to " + reportDir
            : "InfraAware summary written to "
                + reportDir.resolve(RunSummary.FILE_NAME).toAbsolutePath());
    out.println(String.join(System.lineSeparator(), lines));
  }

  /** Writes the figures, then stops the probes, Toxiproxy servers and provisioned services. */
  @Override
  public void close() {
    closed = true;
    flush();
    build.close();
    List<AutoCloseable> resources = new ArrayList<>(probes.values());
    resources.addAll(chaos.values());
    synchronized (isolations) {
      // before the provisioned servers they may live on stop
      resources.addAll(isolations);
      isolations.clear();
    }
    synchronized (this) {
      if (provisioner != null) {
        resources.add(provisioner);
      }
    }
    Cleanup.closeAll(resources);
  }
}
