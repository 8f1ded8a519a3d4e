package io.infraaware.testing;

import io.infraaware.config.ConfigSource;
import io.infraaware.config.InfraConfig;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.internal.ServiceCatalog;
import io.infraaware.spi.internal.KindRegistry;
import java.util.HashMap;
import java.util.Map;

/** Services from a map of settings, with the installed kinds: the tests' way into the framework. */
public final class TestServices {

  /** The providers on the test class path (the built-in kinds and the tests' own). */
  public static final KindRegistry PROVIDERS = KindRegistry.installed();

  private TestServices() {}

  /** The configuration of these settings. */
  public static InfraConfig config(Map<String, String> settings) {
    return InfraConfig.from(ConfigSource.of(settings));
  }

  /** The catalog of these settings. */
  public static ServiceCatalog catalog(Map<String, String> settings) {
    return PROVIDERS.catalog(config(settings));
  }

  /** A service declared by these settings. */
  public static ServiceDefinition define(Map<String, String> settings, String name) {
    return catalog(settings).definition(name);
  }

  /** A service with only a URL (and a probe timeout). */
  public static ServiceDefinition define(String name, String url, String probeTimeout) {
    Map<String, String> settings = new HashMap<>();
    settings.put("infra.services." + name + ".url", url);
    settings.put("infra.probe.timeout", probeTimeout);
    return define(settings, name);
  }

  /** An endpoint of a URL. */
  public static ServiceEndpoint endpoint(String name, String url) {
    return define(name, url, "2s").endpoint();
  }

  /** Probes a service once with a fresh cache. */
  public static ProbeResult probe(Map<String, String> settings, String name) {
    InfraConfig config = config(settings);
    try (ProbeCache cache = PROVIDERS.probeCache(config)) {
      return cache.probe(PROVIDERS.catalog(config).definition(name));
    }
  }
}
