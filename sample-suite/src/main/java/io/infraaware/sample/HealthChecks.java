package io.infraaware.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Cheap background checks, so health reflects reality without traffic: every {@code
 * HEALTH_CHECK_INTERVAL} (scaled), each dependency that user calls said nothing about for an
 * interval, or whose breaker is HALF_OPEN, gets one check through its breaker ({@code SELECT 1},
 * {@code PING}, the auth service's {@code /health}), and its address a TCP connect. A quiet system
 * with a dead dependency thus sees it fail (and its breaker open), and a healed one gets the trial
 * calls that close a HALF_OPEN breaker.
 */
final class HealthChecks implements AutoCloseable {

  /**
   * The last background check of a dependency.
   *
   * @param ok whether it passed
   * @param at when it ended
   * @param millis how long it took
   * @param failure why it failed, masked, or null
   */
  record Check(boolean ok, Instant at, long millis, String failure) {}

  /**
   * The last network check of a dependency's address.
   *
   * @param target host:port
   * @param reachable whether a TCP connection opened
   * @param at when
   * @param connectMillis how long the connect took
   * @param error why not, if not
   */
  record Reach(String target, boolean reachable, Instant at, long connectMillis, String error) {}

  private final Guard guard;
  private final Events events;
  private final Duration interval;
  private final Map<String, Callable<?>> checks;
  private final Map<String, Supplier<InetSocketAddress>> addresses;
  private final Map<String, Check> last = new ConcurrentHashMap<>();
  private final Map<String, Reach> reach = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "sample-health-checks");
            thread.setDaemon(true);
            return thread;
          });

  HealthChecks(
      SampleConfig config, Guard guard, MessageStore store, RecentCache cache, AuthClient auth) {
    this.guard = guard;
    this.events = guard.breakers().events();
    this.interval = config.effectiveHealthCheckInterval();
    this.checks =
        Map.of(
            Breakers.DATABASE,
            () -> {
              store.ping();
              return null;
            },
            Breakers.REDIS,
            () -> {
              cache.ping();
              return null;
            },
            Breakers.AUTH,
            () -> {
              auth.ping();
              return null;
            });
    this.addresses =
        Map.of(
            Breakers.DATABASE, store::address,
            Breakers.REDIS, cache::address,
            Breakers.AUTH, auth::address);
  }

  /** Starts checking, one interval from now. */
  HealthChecks start() {
    long every = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** One round: every dependency that needs a check gets one. */
  void round() {
    for (String dependency : SampleConfig.DEPENDENCIES) {
      try {
        boolean idle = guard.idleFor(dependency).compareTo(interval) >= 0;
        boolean halfOpen =
            guard.breakers().get(dependency).getState()
                == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.HALF_OPEN;
        if (idle || halfOpen) {
          long start = System.nanoTime();
          Optional<Guard.Probed> passed = guard.probe(dependency, checks.get(dependency));
          if (passed.isPresent()) {
            Check check =
                new Check(
                    passed.get().ok(),
                    Instant.now(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    passed.get().failure());
            Check before = last.put(dependency, check);
            if (before == null ? !check.ok() : before.ok() != check.ok()) {
              changed(dependency, before == null ? null : before.ok(), check);
            }
          }
        }
        Reach previous = reach.get(dependency);
        if (idle
            || previous == null
            || previous.at().plus(interval.multipliedBy(4)).isBefore(Instant.now())) {
          Reach now = connect(addresses.get(dependency).get());
          reach.put(dependency, now);
          if (previous == null ? !now.reachable() : previous.reachable() != now.reachable()) {
            reachChanged(dependency, now);
          }
        }
      } catch (RuntimeException e) {
        // a check must never stop the checks
        org.slf4j.LoggerFactory.getLogger(HealthChecks.class)
            .warn("The background check of {} failed", dependency, e);
      }
    }
  }

  /**
   * A check whose result differs from the previous one (or a first check that failed): one event,
   * so that a log shows when a dependency went bad and came back without a line per round.
   */
  private void changed(String dependency, Boolean wasOk, Check check) {
    Map<String, Object> line = new java.util.LinkedHashMap<>();
    line.put("event", "health.check");
    line.put("at", check.at().toString());
    line.put("dependency", dependency);
    line.put("target", guard.breakers().target(dependency));
    line.put("ok", check.ok());
    line.put("wasOk", wasOk);
    line.put("millis", check.millis());
    line.put("failure", check.failure());
    line.put("breaker", guard.breakers().get(dependency).getState().name());
    events.emit(check.ok() ? "INFO" : "WARN", line);
  }

  /** The dependency's address became reachable or unreachable over TCP. */
  private void reachChanged(String dependency, Reach now) {
    Map<String, Object> line = new java.util.LinkedHashMap<>();
    line.put("event", "health.reach");
    line.put("at", now.at().toString());
    line.put("dependency", dependency);
    line.put("target", now.target());
    line.put("reachable", now.reachable());
    line.put("connectMillis", now.connectMillis());
    line.put("error", now.error());
    events.emit(now.reachable() ? "INFO" : "WARN", line);
  }

  private Reach connect(InetSocketAddress address) {
    String target = address.getHostString() + ":" + address.getPort();
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      InetAddress resolved = InetAddress.getByName(address.getHostString());
      socket.connect(
          new InetSocketAddress(resolved, address.getPort()), (int) guard.deadline().toMillis());
      return new Reach(
          target,
          true,
          Instant.now(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          null);
    } catch (UnknownHostException e) {
      return new Reach(
          target, false, Instant.now(), 0, "cannot resolve " + address.getHostString());
    } catch (IOException e) {
      return new Reach(
          target,
          false,
          Instant.now(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** The last background check of a dependency, if one ran. */
  Optional<Check> last(String dependency) {
    return Optional.ofNullable(last.get(dependency));
  }

  /** The last network check of a dependency's address, if one ran. */
  Optional<Reach> reach(String dependency) {
    return Optional.ofNullable(reach.get(dependency));
  }

  /**
   * Whether the last background check failed recently (within two intervals): a dependency whose
   * breaker has not opened yet, but which does not answer.
   */
  boolean failing(String dependency) {
    Check check = last.get(dependency);
    return check != null
        && !check.ok()
        && check.at().plus(interval.multipliedBy(2)).isAfter(Instant.now());
  }

  Duration interval() {
    return interval;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
