package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.testing.LoopbackServer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A Kafka service whose configured URL points at a closed loopback port, provisioned for the run: a
 * real KRaft broker starts in a child JVM, answers the probe, serves the {@code @Service} clients,
 * stays behind its proxy through an outage (a retrying producer delivers after the heal), and is
 * gone when the launcher's session ends, data directory included. One broker for the whole class.
 */
class KafkaIT {

  /** A guard against a hang, not a measure: nothing here is expected to take this long. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  @Test
  void aClosedPortIsReplacedByAnEmbeddedBrokerForTheSessionAndStoppedAfterIt(@TempDir Path reports)
      throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("infra.mode", "require");
    settings.put("infra.report.dir", reports.toString());
    int closed = LoopbackServer.closedPort();
    settings.put("infra.services.events.url", "kafka://127.0.0.1:" + closed);
    settings.put("infra.services.events.provision", "embedded");
    BrokerTestCase.events = null;

    SummaryGeneratingListener results = new SummaryGeneratingListener();
    try (LauncherSession session = LauncherFactory.openSession()) {
      session
          .getLauncher()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(
                      selectClass(BrokerTestCase.class),
                      // docs/kafka.md's example, on the same broker
                      selectClass("io.infraaware.junit.docs.OrderEventsExample"))
                  .configurationParameters(settings)
                  .build(),
              results);
    }
    StringBuilder failures = new StringBuilder();
    results
        .getSummary()
        .getFailures()
        .forEach(
            f ->
                failures
                    .append(f.getTestIdentifier().getDisplayName())
                    .append(": ")
                    .append(f.getException())
                    .append('\n'));
    assertThat(results.getSummary().getTotalFailureCount()).as(failures.toString()).isZero();
    assertThat(results.getSummary().getTestsSucceededCount()).isEqualTo(4);

    String summary = Files.readString(reports.resolve("infrastructure-summary.json"));
    assertThat(summary)
        .contains("nothing answered at 127.0.0.1:" + closed)
        .contains("started embedded Kafka 4.4.0 on 127.0.0.1:" + BrokerTestCase.events.port());
    // gone with the session: nothing listens where it was, and its data is removed
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", BrokerTestCase.events.port()));
              }
            })
        .isInstanceOf(ConnectException.class);
    Path provisioned = reports.resolve("provisioned");
    if (Files.exists(provisioned)) {
      try (Stream<Path> left = Files.list(provisioned)) {
        assertThat(left).as("data directories left behind").isEmpty();
      }
    }
  }

  @InfrastructureAware
  @RequiresService("events")
  static class BrokerTestCase {
    static volatile ServiceEndpoint events;

    @Test
    void theInjectedClientsTalkToARealBroker(
        @Service("events") Admin admin,
        @Service("events") KafkaProducer<String, String> producer,
        @Service("events") KafkaConsumer<String, String> consumer,
        @Service("events") Properties properties,
        @Service("events") ServiceEndpoint endpoint)
        throws Exception {
      events = endpoint;
      assertThat(endpoint.host()).isEqualTo("127.0.0.1");
      assertThat(properties.getProperty("bootstrap.servers")).isEqualTo(endpoint.address());
      // the broker sends direct clients back to where they bootstrapped
      Collection<Node> nodes = admin.describeCluster().nodes().get();
      assertThat(nodes)
          .singleElement()
          .satisfies(
              node -> {
                assertThat(node.host()).isEqualTo("127.0.0.1");
                assertThat(node.port()).isEqualTo(endpoint.port());
              });
      String topic = "orders-" + UUID.randomUUID();
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      producer.send(new ProducerRecord<>(topic, "order-1", "placed")).get();
      consumer.subscribe(List.of(topic));
      List<String> seen = new ArrayList<>();
      await()
          .atMost(HANG_GUARD)
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  seen.add(record.key() + "=" + record.value());
                }
                return !seen.isEmpty();
              });
      assertThat(seen).containsExactly("order-1=placed");
    }

    @Test
    void aRetryingProducerBehindTheProxyDeliversWhatItHeldThroughAnOutage(
        @Service("events") ServiceProxy proxy,
        @Service("events") KafkaConsumer<String, String> direct)
        throws Exception {
      String topic = "payments-" + UUID.randomUUID();
      try (KafkaProducer<String, String> patient = producer(proxy, Duration.ofMinutes(2));
          KafkaProducer<String, String> impatient = producer(proxy, Duration.ofSeconds(3));
          Admin admin = Admin.create(properties(proxy))) {
        // a client that bootstraps through the proxy is sent back to the proxy, not to the broker
        assertThat(admin.describeCluster().nodes().get())
            .extracting(Node::port)
            .containsExactly(proxy.endpoint().port());
        patient.send(new ProducerRecord<>(topic, "p-0", "before")).get();
        impatient.send(new ProducerRecord<>(topic, "i-0", "before")).get();

        // the application's own thread: send() itself may wait for metadata, since Kafka 4's
        // clients re-bootstrap when their only broker is gone and forget the topic meanwhile
        ExecutorService application = Executors.newSingleThreadExecutor();
        try {
          Future<Future<RecordMetadata>> held;
          try (ActiveFault outage = proxy.outage()) {
            held =
                application.submit(
                    () -> patient.send(new ProducerRecord<>(topic, "p-1", "during")));
            // the outage reaches the clients: one that gives up soon does give up
            assertThatThrownBy(
                    () -> impatient.send(new ProducerRecord<>(topic, "i-1", "lost")).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            assertThat(held.isDone() && held.get().isDone())
                .as("a record sent during the outage is delivered or failed already")
                .isFalse();
          }
          RecordMetadata delivered =
              await()
                  .atMost(HANG_GUARD)
                  .until(
                      () -> held.isDone() && held.get().isDone() ? held.get().get() : null,
                      r -> r != null);
          assertThat(delivered.topic()).isEqualTo(topic);
        } finally {
          application.shutdownNow();
        }
      }
      // what the broker holds, read around the proxy
      direct.subscribe(List.of(topic));
      List<String> seen = new ArrayList<>();
      await()
          .atMost(HANG_GUARD)
          .until(
              () -> {
                for (ConsumerRecord<String, String> record : direct.poll(Duration.ofMillis(200))) {
                  seen.add(record.key() + "=" + record.value());
                }
                return seen.size() >= 3;
              });
      assertThat(seen).containsExactlyInAnyOrder("p-0=before", "i-0=before", "p-1=during");
    }

    private static Properties properties(ServiceProxy proxy) {
      Properties properties = new Properties();
      properties.setProperty("bootstrap.servers", proxy.endpoint().address());
      return properties;
    }

    private static KafkaProducer<String, String> producer(ServiceProxy proxy, Duration delivery) {
      Properties properties = properties(proxy);
      properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
      properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
      properties.setProperty(
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          Long.toString(Math.min(delivery.toMillis(), 30_000) / 3));
      properties.setProperty(
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(delivery.toMillis()));
      properties.setProperty(
          ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(delivery.toMillis()));
      // reconnect soon after the heal
      properties.setProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
      properties.setProperty(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "500");
      return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
  }
}
