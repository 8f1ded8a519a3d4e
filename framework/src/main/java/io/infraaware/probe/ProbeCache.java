package io.infraaware.probe;

import io.infraaware.config.Durations;
import io.infraaware.config.InfraConfig;
import io.infraaware.config.Secrets;
import io.infraaware.docker.DockerAvailability;
import io.infraaware.probe.internal.Hints;
import io.infraaware.probe.internal.HttpProbe;
import io.infraaware.probe.internal.PostgresProbe;
import io.infraaware.probe.internal.RedisProbe;
import io.infraaware.probe.internal.TcpProbe;
import io.infraaware.probe.internal.WebSocketProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes each service once and remembers the result: the per-run cache behind every skip.
 *
 * <p>Probes run concurrently on daemon threads; each is bounded by its service's probe timeout, so
 * a hung service costs one timeout per run however many tests need it.
 *
 * @since 0.1.0
 */
public final class ProbeCache implements AutoCloseable {

  // A probe bounds itself; the grace covers scheduling before the outer bound answers for it.
  private static final Duration GRACE = Duration.ofMillis(500);

  private final Map<ServiceKind, ServiceProbe> probes;
  private final Hints hints;
  private final DockerAvailability docker;
  private final Map<ServiceDefinition, CompletableFuture<ProbeResult>> results =
      new ConcurrentHashMap<>();
  private final AtomicInteger probesStarted = new AtomicInteger();
  private final ExecutorService executor = Executors.newCachedThreadPool(new ProbeThreads());

  ProbeCache(Map<ServiceKind, ServiceProbe> probes, Hints hints, DockerAvailability docker) {
    this.probes = new EnumMap<>(probes);
    this.hints = hints;
    this.docker = docker;
  }

  /**
   * A cache with the protocol probes for every kind of service.
   *
   * @param config the configuration (compose file for hints)
   * @return the cache; close it to stop its threads
   */
  public static ProbeCache create(InfraConfig config) {
    Hints hints = new Hints(config.composeFile());
    Map<ServiceKind, ServiceProbe> probes = new EnumMap<>(ServiceKind.class);
    probes.put(ServiceKind.POSTGRES, new PostgresProbe(hints));
    probes.put(ServiceKind.REDIS, new RedisProbe(hints));
    probes.put(ServiceKind.HTTP, new HttpProbe(hints));
    probes.put(ServiceKind.WEBSOCKET, new WebSocketProbe(hints));
    probes.put(ServiceKind.TCP, new TcpProbe(hints));
    return new ProbeCache(probes, hints, DockerAvailability.system());
  }

  /**
   * The result for a service, probing it if this cache has not yet.
   *
   * @param service the service
   * @return the result
   */
  public ProbeResult probe(ServiceDefinition service) {
    return start(service).join();
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
      started.add(start(service));
    }
    List<ProbeResult> done = new ArrayList<>();
    for (CompletableFuture<ProbeResult> future : started) {
      done.add(future.join());
    }
    return done;
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

  private CompletableFuture<ProbeResult> start(ServiceDefinition service) {
    return results.computeIfAbsent(
        service,
        key -> {
          probesStarted.incrementAndGet();
          ServiceProbe probe = probes.get(key.kind());
          CompletableFuture<ProbeResult> result = new CompletableFuture<>();
          Future<?> task =
              executor.submit(
                  () -> {
                    try {
                      result.complete(probe.probe(key));
                    } catch (Throwable e) {
                      // whatever a probe throws is a diagnosis, never a silent "did not finish"
                      result.complete(failed(key, e));
                    }
                  });
          // A probe bounds itself; should one overrun, the run moves on with a diagnosis and the
          // probe's thread is interrupted rather than left working for nobody.
          ProbeResult overran = timedOut(key);
          result
              .completeOnTimeout(
                  overran, key.probeTimeout().plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)
              .thenAccept(
                  done -> {
                    if (done == overran) {
                      task.cancel(true);
                    }
                  });
          // The image note may ask Docker (up to 10 s): never on the JDK's shared timer thread.
          return result.thenApplyAsync(done -> withImageNote(key, done), executor);
        });
  }

  private ProbeResult timedOut(ServiceDefinition service) {
    DiagnosisCode code = DiagnosisCode.NO_HANDSHAKE_ANSWER;
    return ProbeResult.diagnosed(
        service,
        service.probeTimeout(),
        null,
        new Diagnosis(
            code,
            "the probe did not finish within " + Durations.format(service.probeTimeout()),
            hints.fix(code, service)));
  }

  private ProbeResult failed(ServiceDefinition service, Throwable thrown) {
    DiagnosisCode code = DiagnosisCode.PROBE_FAILED;
    return ProbeResult.diagnosed(
        service,
        Duration.ZERO,
        null,
        new Diagnosis(
            code,
            Secrets.scrub(String.valueOf(thrown), service.endpoint().password().orElse(null)),
            hints.fix(code, service)));
  }

  // Where an image is configured, say why it was not started; a silent config option is worse
  // than none.
  private ProbeResult withImageNote(ServiceDefinition service, ProbeResult result) {
    if (service.image().isEmpty()
        || result.status() != ServiceStatus.UNAVAILABLE
        || result.diagnosis().isEmpty()) {
      return result;
    }
    Diagnosis diagnosis = result.diagnosis().get();
    String note =
        docker.isAvailable()
            ? "Starting image ["
                + service.image().get()
                + "] from "
                + imageKey(service)
                + " is not supported yet; start it yourself"
            : "Docker is not available here (Testcontainers found no Docker environment), so image ["
                + service.image().get()
                + "] from "
                + imageKey(service)
                + " was not started";
    return ProbeResult.diagnosed(
        service,
        result.elapsed(),
        result.version().orElse(null),
        new Diagnosis(diagnosis.code(), diagnosis.detail(), diagnosis.hint() + ". " + note));
  }

  private static String imageKey(ServiceDefinition service) {
    return InfraConfig.serviceKey(service.name(), "image");
  }

  /** Stops the probe threads and Lettuce's event loops; idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
    for (ServiceProbe probe : probes.values()) {
      if (probe instanceof AutoCloseable) {
        try {
          ((AutoCloseable) probe).close();
        } catch (Exception e) {
          // closing is best effort: the run is over
        }
      }
    }
  }

  private static final class ProbeThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "infraaware-probe-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
