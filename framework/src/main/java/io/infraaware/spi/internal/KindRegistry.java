package io.infraaware.spi.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ServiceProbe;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.internal.SchemeIndex;
import io.infraaware.service.internal.ServiceCatalog;
import io.infraaware.spi.ClientType;
import io.infraaware.spi.ServiceKindProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.apiguardian.api.API;

/**
 * The service kinds a run knows: the built-in ones and those added through {@link
 * ServiceKindProvider}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class KindRegistry {

  // per context class loader: ServiceLoader reads META-INF/services afresh on every load
  private static final Map<ClassLoader, KindRegistry> INSTALLED = new java.util.WeakHashMap<>();

  private final Map<ServiceKind, ServiceKindProvider> providers;
  private final SchemeIndex kinds;

  private KindRegistry(List<ServiceKindProvider> list) {
    Map<ServiceKind, ServiceKindProvider> byKind = new LinkedHashMap<>();
    for (ServiceKindProvider provider : list) {
      byKind.put(provider.kind(), provider);
    }
    this.kinds = SchemeIndex.of(list.stream().map(ServiceKindProvider::kind).toList());
    this.providers = byKind;
  }

  /**
   * The providers on the class path, found by {@link ServiceLoader} through InfraAware's class
   * loader and the thread's.
   *
   * @return the providers
   * @throws InfraConfigurationException when a provider cannot be loaded or two claim one scheme
   */
  public static KindRegistry installed() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    synchronized (INSTALLED) {
      KindRegistry known = INSTALLED.get(context);
      if (known == null) {
        known = load();
        INSTALLED.put(context, known);
      }
      return known;
    }
  }

  private static KindRegistry load() {
    Map<String, ServiceKindProvider> found = new LinkedHashMap<>();
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(KindRegistry.class.getClassLoader());
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != loaders.get(0)) {
      loaders.add(context);
    }
    try {
      for (ClassLoader loader : loaders) {
        for (ServiceKindProvider provider : ServiceLoader.load(ServiceKindProvider.class, loader)) {
          found.putIfAbsent(provider.getClass().getName(), provider);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new InfraConfigurationException(
          "META-INF/services/" + ServiceKindProvider.class.getName(),
          "A service kind provider could not be loaded: " + e.getMessage());
    }
    return of(new ArrayList<>(found.values()));
  }

  /**
   * Exactly these providers: for tests and for code that wires its own.
   *
   * @param providers the providers
   * @return the registry
   * @throws InfraConfigurationException when two providers claim one scheme or id
   */
  public static KindRegistry of(List<ServiceKindProvider> providers) {
    try {
      return new KindRegistry(providers);
    } catch (IllegalArgumentException e) {
      throw new InfraConfigurationException(
          "META-INF/services/" + ServiceKindProvider.class.getName(), e.getMessage());
    }
  }

  /**
   * The kinds, for parsing URLs.
   *
   * @return the kinds
   */
  public SchemeIndex kinds() {
    return kinds;
  }

  /**
   * An endpoint for a URL of any known kind: for services a test starts or finds itself.
   *
   * <pre>{@code
   * ServiceEndpoint auth = KindRegistry.installed().endpoint("auth", "http://127.0.0.1:" + port);
   * }</pre>
   *
   * @param name the service's name, used in messages and proxy names
   * @param url the URL; its scheme selects the kind
   * @return the endpoint
   * @throws InfraConfigurationException for an unknown scheme or a malformed URL, naming [name]
   */
  public io.infraaware.service.ServiceEndpoint endpoint(String name, String url) {
    String key = "[" + name + "]";
    io.infraaware.service.ServiceKind kind =
        kinds
            .forUrl(url)
            .orElseThrow(
                () ->
                    InfraConfigurationException.invalid(
                        key, url, "unknown scheme; expected one of " + kinds.describeSchemes()));
    return io.infraaware.service.ServiceEndpoint.parse(name, key, url, kind, null, null);
  }

  /**
   * The catalog of a configuration's services with these kinds.
   *
   * @param config the configuration
   * @return the catalog
   */
  public ServiceCatalog catalog(InfraConfig config) {
    return new ServiceCatalog(config, kinds);
  }

  /**
   * The provider of a kind.
   *
   * @param kind the kind
   * @return the provider
   * @throws IllegalArgumentException for a kind no provider added
   */
  public ServiceKindProvider provider(ServiceKind kind) {
    ServiceKindProvider provider = providers.get(kind);
    if (provider == null) {
      throw new IllegalArgumentException("No provider for service kind " + kind.id());
    }
    return provider;
  }

  /**
   * A probe cache with each kind's probe (made once) and hints.
   *
   * @param config the configuration (compose file for hints)
   * @return the cache; close it to stop its threads
   */
  public ProbeCache probeCache(InfraConfig config) {
    Map<ServiceKind, ServiceProbe> probes = new java.util.concurrent.ConcurrentHashMap<>();
    return new ProbeCache(
        kind -> probes.computeIfAbsent(kind, k -> provider(k).probe()),
        this::hint,
        config.composeFile());
  }

  private Optional<String> hint(DiagnosisCode code, ServiceDefinition service) {
    ServiceKindProvider provider = providers.get(service.kind());
    return provider == null ? Optional.empty() : provider.hint(code, service);
  }

  /**
   * The client types of a kind.
   *
   * @param kind the kind
   * @return the types
   */
  public List<ClientType> clientTypes(ServiceKind kind) {
    return provider(kind).clientTypes();
  }

  /**
   * Every provider.
   *
   * @return the providers, in the order they were found
   */
  public java.util.Collection<ServiceKindProvider> providers() {
    return java.util.Collections.unmodifiableCollection(providers.values());
  }
}
