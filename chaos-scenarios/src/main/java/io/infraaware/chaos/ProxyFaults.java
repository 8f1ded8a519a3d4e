package io.infraaware.chaos;

import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.Fault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.proxy.TrafficBytes;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.runtime.internal.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;

/**
 * Injections through Toxiproxy proxies: single faults, schedules (flapping, a latency ramp) and
 * named profiles of common cloud trouble. Each verifies that it reached its target from the proxy's
 * traffic counters.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ProxyFaults {

  private ProxyFaults() {}

  /**
   * One fault on one proxy.
   *
   * <p>Manifestation: for a toxic, traffic crossed the proxy while it was on; for an outage, the
   * system had been using the proxy (traffic before the outage) and the proxy now refuses
   * connections.
   *
   * @param proxy the proxy
   * @param fault the fault
   * @return the injection
   */
  public static Injection on(ServiceProxy proxy, Fault fault) {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(fault, "fault");
    ScenarioContext.Key<TrafficBytes> baseline =
        ScenarioContext.Key.of(
            "traffic of [" + proxy.name() + "] before the scenario", TrafficBytes.class);
    return new Injection() {
      @Override
      public String describe() {
        return fault + " on proxy [" + proxy.name() + "]";
      }

      @Override
      public void prepare(ScenarioContext context) {
        // An outage can only be judged by whether the system was using the proxy: in this
        // scenario, not at some time since the proxy was made.
        context.put(baseline, proxy.traffic());
      }

      @Override
      public Applied apply(ScenarioContext context) {
        TrafficBytes scenarioStart = context.get(baseline).orElse(null);
        ActiveFault active = proxy.inject(fault);
        return new Applied() {
          @Override
          public boolean manifested() {
            if (fault instanceof Fault.Outage && scenarioStart != null && !usedDuringScenario()) {
              return false;
            }
            return active.manifested();
          }

          private boolean usedDuringScenario() {
            return proxy.traffic().since(scenarioStart).totalBytes() > 0;
          }

          @Override
          public String missedBecause() {
            if (fault instanceof Fault.Outage && scenarioStart != null && !usedDuringScenario()) {
              return "no traffic crossed proxy ["
                  + proxy.name()
                  + "] in this scenario before the outage: the system under test did not use"
                  + " it, so it could not notice the outage";
            }
            return active.missedBecause();
          }

          @Override
          public void close() {
            active.close();
          }
        };
      }
    };
  }

  /**
   * A fault that comes and goes: on for {@code down}, off for {@code up}, {@code times} times, then
   * off. The breaker under test sees a flapping network.
   *
   * @param proxy the proxy
   * @param fault the fault
   * @param down how long each bout lasts
   * @param up how long each pause lasts
   * @param times how many bouts
   * @return the injection
   */
  public static Injection flapping(
      ServiceProxy proxy, Fault fault, Duration down, Duration up, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("A flapping fault needs at least one bout, was " + times);
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      steps.add(new Step(fault, down));
      steps.add(new Step(null, up));
    }
    return schedule(
        proxy,
        "flapping "
            + fault
            + " ("
            + times
            + " x "
            + down.toMillis()
            + " ms down / "
            + up.toMillis()
            + " ms up)",
        steps);
  }

  /**
   * Latency that grows in equal steps from {@code from} to {@code to}, each held for {@code
   * stepLength}; the last step stays until the injection is removed.
   *
   * @param proxy the proxy
   * @param from the first latency
   * @param to the last latency
   * @param steps how many steps, at least 2
   * @param stepLength how long each step is held
   * @return the injection
   */
  public static Injection latencyRamp(
      ServiceProxy proxy, Duration from, Duration to, int steps, Duration stepLength) {
    if (steps < 2) {
      throw new IllegalArgumentException("A ramp needs at least 2 steps, was " + steps);
    }
    List<Step> schedule = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      Duration latency = from.plus(to.minus(from).multipliedBy(i).dividedBy(steps - 1));
      schedule.add(
          new Step(
              Fault.latency(latency).named("infraaware_ramp_" + i),
              i == steps - 1 ? null : stepLength));
    }
    return schedule(
        proxy,
        "latency ramp "
            + from.toMillis()
            + " ms to "
            + to.toMillis()
            + " ms in "
            + steps
            + " steps",
        schedule);
  }

  /**
   * A saturated link: latency with jitter both ways, a bandwidth squeeze on responses, and an
   * occasional reset, as a service behind a serverless platform's VPC connector, a busy NAT gateway
   * or VPN suffers it. The jitter and the share of reset connections come from the scenario's seed.
   *
   * @param proxy the proxy
   * @return the injection
   */
  public static Injection saturatedLink(ServiceProxy proxy) {
    return new Injection() {
      @Override
      public String describe() {
        return "saturated link profile on proxy [" + proxy.name() + "]";
      }

      @Override
      public Applied apply(ScenarioContext context) {
        java.util.random.RandomGenerator random =
            context.random("saturated link on proxy [" + proxy.name() + "]");
        long jitter = 40 + random.nextInt(60);
        double resets = 0.02 + random.nextDouble() * 0.03;
        List<Fault> faults =
            List.of(
                Fault.latency(Duration.ofMillis(120))
                    .withJitter(Duration.ofMillis(jitter))
                    .downstream(),
                Fault.latency(Duration.ofMillis(60))
                    .withJitter(Duration.ofMillis(jitter / 2))
                    .upstream(),
                Fault.throttle(256).downstream(),
                Fault.reset(Duration.ofMillis(500)).toxicity(resets));
        context
            .timeline()
            .note(
                "profile",
                String.format(
                    java.util.Locale.ROOT,
                    "jitter %d ms, %.1f%% of connections reset",
                    jitter,
                    resets * 100));
        TrafficBytes before = proxy.traffic();
        List<ActiveFault> active = new ArrayList<>();
        try {
          for (Fault fault : faults) {
            active.add(0, proxy.inject(fault));
          }
        } catch (RuntimeException e) {
          Cleanup.begin().keep(e).each(active, ActiveFault::close).finishOrThrow();
        }
        return new TrafficApplied(
            proxy,
            before,
            "while the profile was on",
            () -> Cleanup.forEach(active, ActiveFault::close));
      }
    };
  }

  private record Step(Fault fault, Duration length) {}

  private static Injection schedule(ServiceProxy proxy, String description, List<Step> steps) {
    return new Injection() {
      @Override
      public String describe() {
        return description + " on proxy [" + proxy.name() + "]";
      }

      @Override
      public Applied apply(ScenarioContext context) {
        TrafficBytes before = proxy.traffic();
        Schedule schedule = new Schedule(proxy, steps, context);
        schedule.start();
        return new TrafficApplied(proxy, before, "during the schedule", schedule::stop) {
          @Override
          public java.util.Optional<String> failure() {
            return schedule.failure();
          }
        };
      }
    };
  }

  /**
   * A schedule of faults played on its own thread. Stopping it can never be overtaken by a step:
   * each step and the stop hold the same lock, and a stopped schedule applies nothing more.
   */
  private static final class Schedule {
    private final ServiceProxy proxy;
    private final List<Step> steps;
    private final ScenarioContext context;
    private final Object lock = new Object();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private ActiveFault current; // guarded by lock
    private boolean stopped; // guarded by lock
    private Thread runner;

    Schedule(ServiceProxy proxy, List<Step> steps, ScenarioContext context) {
      this.proxy = proxy;
      this.steps = steps;
      this.context = context;
    }

    void start() {
      runner = DaemonThreads.start("chaos-schedule-" + proxy.name(), this::play);
    }

    private void play() {
      try {
        for (Step step : steps) {
          synchronized (lock) {
            if (stopped) {
              return;
            }
            lift();
            if (step.fault() != null) {
              current = proxy.inject(step.fault());
              context.timeline().faultOn(step.fault() + " on proxy [" + proxy.name() + "]");
            }
          }
          if (step.length() == null
              || stopping.await(step.length().toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, String.valueOf(e.getMessage()));
      }
    }

    /** Lifts the step in force; call with the lock held. */
    private void lift() {
      if (current != null) {
        ActiveFault previous = current;
        current = null;
        previous.close();
        context.timeline().faultOff(previous.fault() + " on proxy [" + proxy.name() + "]");
      }
    }

    void stop() {
      stopping.countDown();
      synchronized (lock) {
        stopped = true;
        lift();
      }
      try {
        runner.join(Duration.ofSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    java.util.Optional<String> failure() {
      return java.util.Optional.ofNullable(failure.get());
    }
  }

  /** Faults in force that have manifested once traffic crossed the proxy after they began. */
  private static class TrafficApplied implements Injection.Applied {
    private final ServiceProxy proxy;
    private final TrafficBytes before;
    private final String when;
    private final Runnable removal;
    private final java.util.concurrent.atomic.AtomicBoolean open =
        new java.util.concurrent.atomic.AtomicBoolean(true);

    TrafficApplied(ServiceProxy proxy, TrafficBytes before, String when, Runnable removal) {
      this.proxy = proxy;
      this.before = before;
      this.when = when;
      this.removal = removal;
    }

    @Override
    public boolean manifested() {
      return proxy.traffic().since(before).totalBytes() > 0;
    }

    @Override
    public String missedBecause() {
      return "no traffic crossed proxy ["
          + proxy.name()
          + "] "
          + when
          + ": the system under test did not use it";
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        removal.run();
      }
    }
  }
}
