package io.infraaware.probe;

import io.infraaware.config.internal.Durations;
import io.infraaware.probe.internal.Hints;
import io.infraaware.runtime.internal.DaemonThreads;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Probes each service once and remembers the result: the per-run cache behind every skip.
 *
 * <p>Probes run concurrently on daemon threads. Each bounds the peer's silence by its service's
 * probe timeout, so a hung service costs one timeout per run however many tests need it. A probe
 * that does not bound itself is cut off after four timeouts and 30 s more, which leaves room for
 * client libraries to start.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class ProbeCache implements AutoCloseable {

  /** Room for client libraries (a JDBC driver) to load and start on a cold, busy JVM. */
  static final Duration START_UP_ALLOWANCE = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(ProbeCache.class.getName());

  private final Function<ServiceKind, ServiceProbe> probes;
  private final Hints hints;
  private final Duration startUpAllowance;
  private volatile Sharing sharing = Sharing.NONE;
  private final Map<ServiceDefinition, CompletableFuture<ProbeResult>> results =
      new ConcurrentHashMap<>();
  private final AtomicInteger probesStarted = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(DaemonThreads.named("probe"));

  /**
   * Creates a cache.
   *
   * @param probes the probe for each kind
   * @param kindHints a kind's own fix hint for a diagnosis, if it has one
   * @param composeFile the docker-compose file named in hints, if any
   */
  public ProbeCache(
      Function<ServiceKind, ServiceProbe> probes,
      BiFunction<DiagnosisCode, ServiceDefinition, Optional<String>> kindHints,
      Optional<Path> composeFile) {
    this(probes, kindHints, composeFile, START_UP_ALLOWANCE);
  }

  ProbeCache(
      Function<ServiceKind, ServiceProbe> probes,
      BiFunction<DiagnosisCode, ServiceDefinition, Optional<String>> kindHints,
      Optional<Path> composeFile,
      Duration startUpAllowance) {
    this.probes = probes;
    this.hints = new Hints(composeFile, kindHints);
    this.startUpAllowance = startUpAllowance;
  }

  /**
   * Where probes may be shared beyond this cache: a verdict another JVM of the build made moments
   * ago, say. A sharing runs the probe (or not) and returns the result to use.
   */
  @FunctionalInterface
  public interface Sharing {
    /** Probes every time: nothing is shared. */
    Sharing NONE = (service, fresh, probe) -> probe.get();

    /**
     * The result for a service.
     *
     * @param service the service
     * @param fresh whether a new probe is asked for, whatever was shared
     * @param probe probes the service now
     * @return the result to use
     */
    ProbeResult probe(ServiceDefinition service, boolean fresh, Supplier<ProbeResult> probe);
  }

  /**
   * Loads and links the JDK's socket classes with one loopback round trip, so that the first
   * probe's timing is the peer's alone; a run calls it beside its start-up, off the way to the
   * first verdict. Probes do it themselves if it has not happened.
   */
  public static void prepareSockets() {
    SocketWarmUp.ensure();
  }

  /**
   * Shares probes from now on.
   *
   * @param sharing how
   */
  public void shareWith(Sharing sharing) {
    this.sharing = java.util.Objects.requireNonNull(sharing, "sharing");
  }

  /**
   * The bound after which a probe that ignores its timeout is abandoned and interrupted.
   *
   * @param probeTimeout the service's probe timeout
   * @return a few exchanges' worth of timeouts plus room for client libraries to start
   */
  Duration outerBound(Duration probeTimeout) {
    return probeTimeout.multipliedBy(4).plus(startUpAllowance);
  }

  /**
   * Probes a service once, without a cache: the same rules, for code that probes on its own.
   *
   * @param probe the probe
   * @param service the service
   * @param hints the hints
   * @return the result
   */
  static ProbeResult run(ServiceProbe probe, ServiceDefinition service, Hints hints) {
    ProbeContext context = new ProbeContext(service, hints, probe);
    ProbeFailure failure;
    try {
      ProbeResult result = probe.probe(context);
      if (result != null) {
        return result;
      }
      failure =
          new ProbeFailure(
              DiagnosisCode.PROBE_FAILED,
              "the " + service.kind().displayName() + " probe returned no result");
    } catch (ProbeFailure e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new ProbeFailure(DiagnosisCode.PROBE_FAILED, "the probe was interrupted");
    } catch (Exception e) {
      failure = probe.classify(service, e).orElseGet(() -> ProbeFailures.classify(service, e));
    } catch (LinkageError e) {
      failure =
          new ProbeFailure(
              DiagnosisCode.CLIENT_LIBRARY_MISSING,
              "the "
                  + service.kind().displayName()
                  + " probe could not load a class it needs ("
                  + e
                  + "): add the client library it names to your test dependencies");
    } finally {
      context.closeConnections();
    }
    if (failure.code() == DiagnosisCode.CONNECTION_CLOSED && !context.anyAnswer()) {
      // closed without a word: a proxy with a dead upstream, or a server of another protocol
      // that drops what it does not understand (Redis drops HTTP requests)
      failure = context.secondOpinionOnClose(failure);
    }
    DiagnosisCode code = failure.code();
    return ProbeResult.diagnosed(
        service,
        context.latency(),
        context.version(),
        new Diagnosis(
            code,
            service.endpoint().scrub(failure.detail()),
            failure.hint().orElseGet(() -> hints.fix(code, service))));
  }

  /**
   * The result for a service, probing it if this cache has not yet.
   *
   * @param service the service
   * @return the result
   */
  public ProbeResult probe(ServiceDefinition service) {
    return start(service, false).join();
  }

  /**
   * Whether a probe of the service has finished and its result is kept.
   *
   * @param service the service
   * @return true when {@link #probe} would answer at once
   */
  public boolean finished(ServiceDefinition service) {
    CompletableFuture<ProbeResult> result = results.get(service);
    return result != null && result.isDone();
  }

  /**
   * Starts probing a service on the cache's threads, without waiting: a later {@link #probe} of the
   * same service gets this probe's result (or waits for it) instead of probing again.
   *
   * @param service the service
   */
  public void probeAhead(ServiceDefinition service) {
    start(service, false);
  }

  /**
   * Probes services concurrently (those not probed yet) and waits for all.
   *
   * @param services the services
   * @return their results, in the same order
   */
  public List<ProbeResult> probeAll(List<ServiceDefinition> services) {
    List<CompletableFuture<ProbeResult>> started = new ArrayList<>();
    for (ServiceDefinition service : services) {
      started.add(start(service, false));
    }
    List<ProbeResult> done = new ArrayList<>();
    for (CompletableFuture<ProbeResult> future : started) {
      done.add(future.join());
    }
    return done;
  }

  /**
   * Probes a service again, even if it was probed: after provisioning, or to watch a recovery.
   *
   * @param service the service
   * @return the fresh result, which replaces the cached one
   */
  public ProbeResult reprobe(ServiceDefinition service) {
    results.remove(service);
    return start(service, true).join();
  }

  /**
   * The results so far, by service name.
   *
   * @return finished results
   */
  public List<ProbeResult> results() {
    List<ProbeResult> finished = new ArrayList<>();
    for (CompletableFuture<ProbeResult> future : results.values()) {
      if (future.isDone()) {
        finished.add(future.join());
      }
    }
    finished.sort(Comparator.comparing(ProbeResult::service));
    return finished;
  }

  /**
   * How many probes this cache has started: one per distinct service.
   *
   * @return the count
   */
  public int probesStarted() {
    return probesStarted.get();
  }

  private CompletableFuture<ProbeResult> start(ServiceDefinition service, boolean fresh) {
    SocketWarmUp.ensure();
    return results.computeIfAbsent(
        service,
        key -> {
          probesStarted.incrementAndGet();
          ServiceProbe probe = probes.apply(key.kind());
          CompletableFuture<ProbeResult> result = new CompletableFuture<>();
          Future<?> task =
              executor.submit(
                  () -> {
                    try {
                      result.complete(sharing.probe(key, fresh, () -> run(probe, key, hints)));
                    } catch (Throwable e) {
                      // whatever escapes is a diagnosis, never a silent "did not finish"
                      result.complete(failed(key, e));
                    }
                  });
          Duration bound = outerBound(key.probeTimeout());
          ProbeResult overran = overran(key, bound);
          result
              .completeOnTimeout(overran, bound.toMillis(), TimeUnit.MILLISECONDS)
              .thenAccept(
                  done -> {
                    if (done == overran) {
                      task.cancel(true);
                    }
                  });
          return result;
        });
  }

  private ProbeResult overran(ServiceDefinition service, Duration bound) {
    DiagnosisCode code = DiagnosisCode.NO_HANDSHAKE_ANSWER;
    return ProbeResult.diagnosed(
        service,
        bound,
        null,
        new Diagnosis(
            code,
            "the "
                + service.kind().displayName()
                + " probe did not finish within "
                + Durations.format(bound)
                + ", although the peer may stay silent only "
                + Durations.format(service.probeTimeout())
                + " per exchange: the probe does not bound itself",
            hints.fix(code, service)));
  }

  private ProbeResult failed(ServiceDefinition service, Throwable thrown) {
    DiagnosisCode code = DiagnosisCode.PROBE_FAILED;
    return ProbeResult.diagnosed(
        service,
        Duration.ZERO,
        null,
        new Diagnosis(
            code, service.endpoint().scrub(String.valueOf(thrown)), hints.fix(code, service)));
  }

  /** Stops the probe threads, interrupting probes still running; idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
    LOG.log(System.Logger.Level.DEBUG, "probe cache closed after {0} probes", probesStarted.get());
  }
}
