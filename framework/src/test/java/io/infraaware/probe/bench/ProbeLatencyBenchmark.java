package io.infraaware.probe.bench;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.InfraConfig;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.service.internal.ServiceCatalog;
import io.infraaware.spi.internal.KindRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One fresh JVM's probes of the machine's services, as a test run's first probes are: prints one
 * line per service, {@code <name> <status> <latency ms> <wall ms>}. {@code
 * framework/bench/probe-benchmark.sh} runs it in ten JVMs beside CPU hogs and sums up.
 */
public final class ProbeLatencyBenchmark {

  private ProbeLatencyBenchmark() {}

  public static void main(String[] args) {
    String timeout = args.length > 0 ? args[0] : "500ms";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("infra.probe.timeout", timeout);
    settings.put("infra.services.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    settings.put("infra.services.postgres.username", "postgres");
    settings.put("infra.services.redis.url", "redis://127.0.0.1:6379");
    settings.put("infra.services.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test");
    settings.put("infra.services.mariadb.username", "root");
    settings.put("infra.services.rabbitmq.url", "amqp://guest:guest@127.0.0.1:5672");
    settings.put("infra.services.nats.url", "nats://127.0.0.1:4222");
    settings.put("infra.services.mqtt.url", "mqtt://127.0.0.1:1883");
    InfraConfig config = InfraConfig.from(ConfigSource.of(settings));
    KindRegistry providers = KindRegistry.installed();
    ServiceCatalog catalog = providers.catalog(config);
    List<String> names = List.of("postgres", "redis", "mariadb", "rabbitmq", "nats", "mqtt");
    try (ProbeCache cache = providers.probeCache(config)) {
      long started = System.nanoTime();
      List<ProbeResult> results = cache.probeAll(names.stream().map(catalog::definition).toList());
      long wall = (System.nanoTime() - started) / 1_000_000;
      for (ProbeResult result : results) {
        System.out.printf(
            Locale.ROOT,
            "%s %s %.1f %d%n",
            result.service(),
            result.status(),
            result.latency().toNanos() / 1e6,
            wall);
        if (!result.status().isUsable()) {
          System.err.println(result.describe());
        }
      }
    }
  }
}
