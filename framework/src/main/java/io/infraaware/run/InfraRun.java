package io.infraaware.run;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.config.InfraMode;
import io.infraaware.config.LayeredConfigSource;
import io.infraaware.config.internal.KnownKeys;
import io.infraaware.probe.ProbeResult;
import io.infraaware.probe.ServiceStatus;
import io.infraaware.proxy.ChaosControl;
import io.infraaware.run.internal.ChaosServer;
import io.infraaware.run.internal.ConnectionFailures;
import io.infraaware.run.internal.JvmRun;
import io.infraaware.run.internal.RunArea;
import io.infraaware.runtime.internal.DaemonThreads;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.internal.ServiceCatalog;
import io.infraaware.spi.ClientType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * InfraAware for one test run, as any test runner uses it: it reads the configuration, decides for
 * each test class or method whether its services let it run ({@link #decide}), and hands out the
 * services and the Toxiproxy server. JUnit's extension is one such runner; it only translates the
 * verdicts.
 *
 * <p>What is costly lives for the runner's session (one per test JVM under Surefire and Gradle), or
 * for the JVM without one, not for one run: each service is probed once (and a verdict another JVM
 * of the build made moments ago is reused), provisioned servers and the Toxiproxy server are
 * started once, and this JVM's summary joins the build's. Close the run when it ends.
 *
 * <pre>{@code
 * try (InfraRun run = InfraRun.open(LayeredConfigSource.over(myParameters::get))) {
 *   Verdict verdict = run.decide(new Requirement(List.of("postgres"), false, 3, "OrderTests"));
 *   ...
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
public final class InfraRun implements AutoCloseable {

  private final InfraConfig config;
  private final ServiceCatalog catalog;
  private final RunArea area;
  private final PrintStream out;
  private final Map<String, ServiceDefinition> configured = new ConcurrentHashMap<>();

  /** The runs open in this JVM, the latest last: what integrations inside a runner look up. */
  private static final java.util.Deque<InfraRun> OPEN =
      new java.util.concurrent.ConcurrentLinkedDeque<>();

  /**
   * Where preparations run, one at a time: a Surefire fork discovers once per test class, and a
   * later preparation finds the earlier one's work done. Its thread ends when idle.
   */
  private static final class Preparation {
    static final java.util.concurrent.ExecutorService EXECUTOR =
        new java.util.concurrent.ThreadPoolExecutor(
            0,
            1,
            1,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            DaemonThreads.named("preparation"));
  }

  private InfraRun(InfraConfig config, RunArea area) {
    this.config = config;
    this.area = area;
    this.catalog = area.kinds().catalog(config);
    this.out = System.out;
  }

  /**
   * Starts a run.
   *
   * @param source the configuration; a {@link LayeredConfigSource}'s notes go to the summary
   * @return the run
   * @throws InfraConfigurationException when a global key has a bad value
   */
  public static InfraRun open(ConfigSource source) {
    InfraConfig config = InfraConfig.from(source);
    InfraRun run = new InfraRun(config, JvmRun.area(config));
    if (source instanceof LayeredConfigSource layered) {
      layered.sendNotesTo(run.area.summary()::recordNote);
    }
    OPEN.addLast(run);
    return run;
  }

  /**
   * For runners that know their configuration before the first test needs a verdict (JUnit's
   * launcher, when it starts discovering tests): when the configuration sets the URL of a service,
   * a background thread makes ready what the first verdict needs (the configuration's classes, the
   * service kinds, the build's files, the JSON writer) and, unless {@value InfraConfig#PROBE_EARLY}
   * is {@code off}, starts probing the services whose URL the configuration sets, so that a fresh
   * JVM's first verdict does not wait for them. A configuration error is left for the first verdict
   * to report; nothing is counted in the summary and nothing is provisioned until a test asks.
   *
   * @param source the configuration the runner's executions will open with
   * @return the preparation, done once its probes have started (not finished)
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public static java.util.concurrent.Future<?> prepare(ConfigSource source) {
    java.util.SortedSet<String> services = KnownKeys.servicesWithUrl(source.keys());
    if (services.isEmpty()) {
      // nothing a test could need (an undeclared service is a configuration error): a JVM whose
      // tests do not use InfraAware pays for nothing more, not even a thread
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    Optional<Object> session = JvmRun.innermostSession();
    return Preparation.EXECUTOR.submit(() -> prepareNow(source, services, session));
  }

  private static void prepareNow(
      ConfigSource source, java.util.SortedSet<String> services, Optional<Object> session) {
    try {
      // the values only: unknown keys are the run's to report, once, not the preparation's
      InfraConfig config = InfraConfig.from(source::get);
      // a preparation that runs after its session ended (queued behind another) does nothing
      RunArea area = JvmRun.areaWhileOpen(config, session).orElse(null);
      if (area == null || !config.probeEarly()) {
        return;
      }
      ServiceCatalog catalog = area.kinds().catalog(config);
      for (String name : services) {
        try {
          area.probeAhead(catalog.definition(name), config);
        } catch (InfraConfigurationException e) {
          // the test that names the service gets this error, with its own context
        }
      }
    } catch (RuntimeException e) {
      System.getLogger(InfraRun.class.getName())
          .log(System.Logger.Level.DEBUG, "InfraAware's preparation stopped early", e);
    }
  }

  /**
   * The run a test runner opened most recently in this JVM and has not closed yet: for integrations
   * that run inside a runner's execution but are handed no run (Spring's test context, which knows
   * the test class only), so that they see the services, verdicts and provisioned servers of the
   * run that judged the tests.
   *
   * @return the run; empty when none is open
   * @since 0.2.0
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
  public static Optional<InfraRun> current() {
    return Optional.ofNullable(OPEN.peekLast());
  }

  /**
   * For runners with sessions (JUnit's launcher): a session started. What its runs use (probes,
   * provisioned servers, the Toxiproxy server) is kept until it closes, and the summary is printed
   * then, once, not after every run in it.
   *
   * @param session the session, as the runner knows it
   */
  public static void sessionOpened(Object session) {
    JvmRun.sessionOpened(session);
  }

  /**
   * For runners with sessions: the session ended; the summary is printed, and what its runs used is
   * stopped.
   *
   * @param session the session passed to {@link #sessionOpened(Object)}
   */
  public static void sessionClosed(Object session) {
    JvmRun.sessionClosed(session, System.out);
  }

  /**
   * The configuration.
   *
   * @return it
   */
  public InfraConfig config() {
    return config;
  }

  /**
   * Decides for a test class or method, counting a skip or failure in the summary.
   *
   * @param requirement what it needs
   * @return run, skip with the diagnosis, or fail
   */
  public Verdict decide(Requirement requirement) {
    return judge(requirement, true);
  }

  /**
   * Judges without counting: for a guard that repeats a decision already counted.
   *
   * @param requirement what is needed
   * @return the verdict
   */
  public Verdict check(Requirement requirement) {
    return judge(requirement, false);
  }

  private Verdict judge(Requirement requirement, boolean count) {
    if (!requirement.needsAnything()) {
      return new Verdict.Available(List.of());
    }
    int tests = count ? requirement.tests() : 0;
    List<ProbeResult> results = new ArrayList<>();
    boolean needsChaos = requirement.proxies();
    for (String name : requirement.services()) {
      try {
        RunArea.Availability availability = availability(name);
        results.add(availability.result());
        needsChaos |= availability.definition().proxy();
      } catch (InfraConfigurationException e) {
        area.summary().recordMisconfigured(name, tests, e.getMessage());
        return new Verdict.Failed(e);
      }
    }
    if (needsChaos && results.stream().allMatch(r -> r.status().isUsable())) {
      results.add(area.chaos(config).result());
    }
    List<ProbeResult> misconfigured = withStatus(results, ServiceStatus.MISCONFIGURED);
    if (!misconfigured.isEmpty()) {
      misconfigured.forEach(result -> area.summary().recordFailed(result.service(), tests));
      return new Verdict.Failed(
          new InfraConfigurationException(
              InfraConfig.serviceKey(misconfigured.get(0).service(), ServiceCatalog.URL),
              describe(misconfigured)));
    }
    List<ProbeResult> unavailable = withStatus(results, ServiceStatus.UNAVAILABLE);
    if (unavailable.isEmpty()) {
      return new Verdict.Available(results.stream().map(ProbeResult::service).toList());
    }
    String reason = describe(unavailable);
    if (config.mode() == InfraMode.REQUIRE) {
      unavailable.forEach(result -> area.summary().recordFailed(result.service(), tests));
      return new Verdict.Failed(
          new ServiceUnavailableException(
              reason + " [failing instead of skipping: " + InfraConfig.MODE + "=require]"));
    }
    if (!count) {
      return new Verdict.Skipped(reason);
    }
    OptionalInt limit = config.maxSkipped();
    if (limit.isPresent()) {
      Verdict budgeted = withinBudget(unavailable, reason, tests, limit.getAsInt());
      if (budgeted != null) {
        return budgeted;
      }
    } else {
      unavailable.forEach(result -> area.summary().recordSkipped(result.service(), tests));
    }
    out.println("[InfraAware] skipped " + requirement.displayName() + ": " + reason);
    return new Verdict.Skipped(reason);
  }

  /** Counts the skip against the build's budget; a failure when it is spent, else null. */
  private Verdict withinBudget(List<ProbeResult> unavailable, String reason, int tests, int limit) {
    return area.withBuildSkips(
        others -> {
          int skips = others + area.summary().skipped() + tests;
          if (skips > limit) {
            unavailable.forEach(result -> area.summary().recordFailed(result.service(), tests));
            return new Verdict.Failed(
                new ServiceUnavailableException(
                    reason
                        + " [failing instead of skipping: "
                        + skips
                        + " tests skipped for infrastructure in this build exceed "
                        + InfraConfig.MAX_SKIPPED
                        + "="
                        + limit
                        + "]"));
          }
          unavailable.forEach(result -> area.summary().recordSkipped(result.service(), tests));
          return null;
        });
  }

  private RunArea.Availability availability(String name) {
    return area.resolve(configured(name), config);
  }

  private ServiceDefinition configured(String name) {
    ServiceDefinition known = configured.get(name);
    if (known == null) {
      known = catalog.definition(name);
      configured.put(name, known);
    }
    return known;
  }

  /**
   * Looks at a test's failure: when it says a connection failed and names (or may have reached) a
   * declared service, that service is probed again at once. A service that is unavailable now makes
   * the failure an infrastructure verdict: skipped, or failed in {@code require} mode, with the
   * sentence "Service [x] at [...] went away during this test: ..." first, and counted in the
   * summary with the time. A service that answers leaves the failure the test's own: a product
   * failure is never hidden.
   *
   * @param failure what the test (or a lifecycle method) threw
   * @param services the services the test declared
   * @param test the test's name, for the summary
   * @param tests how many tests the failure stands for
   * @return the verdict when a service went away; empty when the failure is the test's own
   */
  public Optional<Verdict> attribute(
      Throwable failure, List<String> services, String test, int tests) {
    if (!config.attribution()
        || services.isEmpty()
        || failure instanceof ServiceUnavailableException
        || !area.isConnectionFailure(failure)) {
      return Optional.empty();
    }
    List<ServiceDefinition> declared = new ArrayList<>();
    for (String name : services) {
      try {
        declared.add(configured(name));
      } catch (InfraConfigurationException misconfigured) {
        // judged (and failed) before the test ran
      }
    }
    // the services the failure names; if it names none, any of them may be the one it reached
    List<ServiceDefinition> named = new ArrayList<>();
    for (ServiceDefinition service : declared) {
      ServiceDefinition used = area.resolve(service, config).definition();
      if (ConnectionFailures.names(failure, used.endpoint().host(), used.endpoint().port())) {
        named.add(service);
      }
    }
    List<ProbeResult> gone = new ArrayList<>();
    for (ServiceDefinition service : named.isEmpty() ? declared : named) {
      ProbeResult now = area.reprobe(service, config);
      if (!now.status().isUsable()) {
        gone.add(now);
        area.summary()
            .recordEvent(service.name(), "went away", "during " + test + ": " + now.describe());
      }
    }
    if (gone.isEmpty()) {
      return Optional.empty();
    }
    String message =
        gone.stream().map(InfraRun::wentAway).collect(Collectors.joining("; "))
            + "; the test failed with "
            + summary(failure, gone);
    if (config.mode() == InfraMode.REQUIRE) {
      gone.forEach(result -> area.summary().recordFailed(result.service(), tests));
      return Optional.of(
          new Verdict.Failed(
              new ServiceUnavailableException(
                  message + " [failing instead of skipping: " + InfraConfig.MODE + "=require]",
                  failure)));
    }
    gone.forEach(result -> area.summary().recordSkipped(result.service(), tests));
    out.println("[InfraAware] skipped " + test + ": " + message);
    return Optional.of(new Verdict.Skipped(message));
  }

  private static String wentAway(ProbeResult result) {
    String diagnosis =
        result.diagnosis().map(d -> d.code().summary() + ": " + d.detail()).orElse("unavailable");
    return "Service ["
        + result.service()
        + "] at ["
        + result.endpoint()
        + "] went away during this test: "
        + diagnosis;
  }

  /** The failure in one line: its type and message, and the connection-level cause beneath. */
  private String summary(Throwable failure, List<ProbeResult> gone) {
    StringBuilder text = new StringBuilder(oneLine(failure));
    for (Throwable cause : ConnectionFailures.chain(failure)) {
      if (cause != failure && area.isConnectionFailure(cause) && cause.getCause() == null) {
        text.append(" (caused by ").append(oneLine(cause)).append(')');
        break;
      }
    }
    String summary = text.toString();
    for (ProbeResult result : gone) {
      summary = definitionFor(result.service()).endpoint().scrub(summary);
    }
    return summary;
  }

  private ServiceDefinition definitionFor(String name) {
    return configured(name);
  }

  private static String oneLine(Throwable thrown) {
    String message = thrown.getMessage();
    String first = message == null ? "" : message.strip().lines().findFirst().orElse("");
    return thrown.getClass().getName() + (first.isEmpty() ? "" : ": " + first);
  }

  /**
   * A service as the run uses it: the configured one, or what was provisioned in its place.
   *
   * @param name the service's name
   * @return its definition
   * @throws InfraConfigurationException when it is not declared or misconfigured
   */
  public ServiceDefinition definition(String name) {
    return availability(name).definition();
  }

  /**
   * The run's Toxiproxy server: embedded, external ({@code infra.toxiproxy.url}) or a container.
   *
   * @return its control
   * @throws IllegalStateException when it is unavailable (a requirement with proxies says why)
   */
  public ChaosControl chaos() {
    ChaosServer server = area.chaos(config);
    return server.control();
  }

  /**
   * An endpoint for a URL of any known kind: for services a test starts or finds itself.
   *
   * @param name the service's name, used in messages and proxy names
   * @param url the URL; its scheme selects the kind
   * @return the endpoint
   * @throws InfraConfigurationException for an unknown scheme or a malformed URL, naming [name]
   */
  public ServiceEndpoint endpoint(String name, String url) {
    return area.kinds().endpoint(name, url);
  }

  /**
   * The clients a kind of service can give a test.
   *
   * @param kind the kind
   * @return its client types
   */
  public List<ClientType> clientTypes(ServiceKind kind) {
    return area.kinds().clientTypes(kind);
  }

  /**
   * Whether clients that reach a service through a proxy would leave it for another address (a
   * Kafka broker's advertised listener), so that no fault injected there reaches them.
   *
   * @param proxy the proxy
   * @return why clients would bypass it, or empty when they stay on it
   * @since 0.2.0
   */
  public Optional<String> proxyBypass(io.infraaware.proxy.ServiceProxy proxy) {
    ServiceEndpoint upstream = proxy.upstream();
    return area.kinds()
        .provider(upstream.kind())
        .proxyBypass(upstream, proxy.endpoint(), config().probeTimeout());
  }

  /**
   * The run ended: its figures join the build's summary. What lives for the JVM stays for the next
   * run; it is stopped when the JVM ends.
   */
  @Override
  public void close() {
    OPEN.remove(this);
    JvmRun.executionFinished(area, out);
  }

  private static List<ProbeResult> withStatus(List<ProbeResult> results, ServiceStatus status) {
    return results.stream().filter(r -> r.status() == status).collect(Collectors.toList());
  }

  private static String describe(List<ProbeResult> results) {
    return results.stream().map(ProbeResult::describe).collect(Collectors.joining("; "));
  }
}
