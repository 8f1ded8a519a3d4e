package io.infraaware.provision.internal;

import io.infraaware.proxy.ProxyRoutes;
import io.infraaware.service.ServiceEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker ({@code org.apache.kafka:kafka_2.13}, KRaft, broker and controller in one
 * node) in a child JVM, so that Scala and the broker's libraries stay out of the test JVM: the
 * child's class path is the test's, and only the child loads them. Everything listens on 127.0.0.1,
 * on free ports; the data stays in the run's directory for it.
 *
 * <p>Clients reach it on its {@code PLAINTEXT} listener. A second listener, {@code PROXIED}, has a
 * port reserved for the service's proxy as its advertised address ({@code
 * infra.services.<name>.proxy-port} when set): proxies forward to it through {@link ProxyRoutes},
 * and a client that bootstraps through the proxy is told to come back to the proxy.
 */
final class EmbeddedKafka implements ProvisionedServer {

  static final String LIBRARY_CLASS = "kafka.Kafka";
  static final String ARTIFACT = "org.apache.kafka:kafka_2.13";

  /** A limit on the broker's start, not a test's timing: a broker that took this long is broken. */
  private static final long START_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(3);

  private final Process process;
  private final ServiceEndpoint endpoint;
  private boolean closed;

  private EmbeddedKafka(Process process, ServiceEndpoint endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static ProvisionedServer start(ServiceEndpoint configured, Path directory, int proxyPort)
      throws IOException, InterruptedException {
    int clientPort = freePort();
    int proxiedPort = freePort();
    int controllerPort = freePort();
    int advertisedProxyPort = proxyPort > 0 ? proxyPort : freePort();
    Path data = directory.resolve("data");
    Files.createDirectories(data);
    Path properties = directory.resolve("server.properties");
    Files.writeString(
        properties,
        String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:"
                    + clientPort
                    + ",PROXIED://127.0.0.1:"
                    + proxiedPort
                    + ",CONTROLLER://127.0.0.1:"
                    + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:"
                    + clientPort
                    + ",PROXIED://127.0.0.1:"
                    + advertisedProxyPort,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT,"
                    + "CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data.toAbsolutePath(),
                // one node: every internal topic with one replica, one partition where it may
                "num.partitions=1",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.segment.bytes=16777216",
                "num.network.threads=2",
                "num.io.threads=2",
                "")
            .replace("\\", "\\\\"),
        StandardCharsets.UTF_8);
    Path log = directory.resolve("broker.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms64m");
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.add("-Djava.net.preferIPv4Stack=true");
    String hosts = System.getProperty("jdk.net.hosts.file");
    if (hosts != null) {
      // no DNS query from the broker either
      command.add("-Djdk.net.hosts.file=" + hosts);
    }
    // the class path in an argument file: a Gradle or IDE class path can outgrow a command line
    Path arguments = directory.resolve("classpath.args");
    Files.writeString(
        arguments,
        "-cp \"" + argFileQuoted(System.getProperty("java.class.path")) + "\"\n",
        StandardCharsets.UTF_8);
    command.add("@" + arguments.toAbsolutePath());
    command.add(KafkaBrokerMain.class.getName());
    // absolute: the child runs in the broker's directory, and the run's may be relative
    command.add(properties.toAbsolutePath().toString());
    command.add(clusterId());
    command.add(data.toAbsolutePath().toString());
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      awaitListening(process, clientPort, log);
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    ServiceEndpoint moved = configured.withAddress("127.0.0.1", clientPort);
    ProxyRoutes.register(
        moved.address(),
        new ProxyRoutes.Route(
            configured.withAddress("127.0.0.1", proxiedPort), advertisedProxyPort));
    return new EmbeddedKafka(process, moved);
  }

  private static void awaitListening(Process process, int port, Path log)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException(
            "the Kafka broker's JVM ended with " + process.exitValue() + ": " + tail(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        // the broker binds its client listener once its metadata is ready
      }
      if (System.nanoTime() - started > START_LIMIT_NANOS) {
        throw new IOException("the Kafka broker did not listen within 3 minutes: " + tail(log));
      }
      Thread.sleep(50);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** A value between double quotes in a java argument file: backslashes and quotes escaped. */
  static String argFileQuoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /** A KRaft cluster id: 16 random bytes, URL-safe Base64 without padding. */
  private static String clusterId() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public ServiceEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public String description() {
    return "embedded Kafka" + version();
  }

  /** The broker's version, from its jar's manifest, without loading the broker's classes. */
  private static String version() {
    java.net.URL kafka = EmbeddedKafka.class.getClassLoader().getResource("kafka/Kafka.class");
    if (kafka == null || !kafka.getProtocol().equals("jar")) {
      return "";
    }
    try {
      java.net.JarURLConnection jar = (java.net.JarURLConnection) kafka.openConnection();
      jar.setUseCaches(false);
      try (java.util.jar.JarFile file = jar.getJarFile()) {
        String version = file.getManifest().getMainAttributes().getValue("Version");
        return version == null ? "" : " " + version;
      }
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ProxyRoutes.unregister(endpoint.address());
    OutputStream stdin = process.getOutputStream();
    try {
      stdin.close();
    } catch (IOException e) {
      // the child is gone already
    }
    // its data goes with it: no clean shutdown to wait for
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
