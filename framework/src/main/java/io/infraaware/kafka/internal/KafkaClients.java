package io.infraaware.kafka.internal;

import io.infraaware.service.ServiceEndpoint;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients for {@code @Service} parameters, closed with the test's scope; loaded only when
 * {@code kafka-clients} is present (except {@link #properties}, which needs nothing).
 */
final class KafkaClients {

  private static final Duration CLOSE = Duration.ofSeconds(2);

  private KafkaClients() {}

  /** {@code bootstrap.servers} and a client id naming the service: what every client needs. */
  static Properties properties(ServiceEndpoint endpoint) {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", endpoint.address());
    properties.setProperty("client.id", "infraaware-" + endpoint.name());
    return properties;
  }

  static Object admin(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    Admin admin = Admin.create(properties(endpoint));
    closeLater.accept(() -> admin.close(CLOSE));
    return admin;
  }

  static Object producer(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    Properties properties = properties(endpoint);
    properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    closeLater.accept(() -> producer.close(CLOSE));
    return producer;
  }

  static Object consumer(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) {
    Properties properties = properties(endpoint);
    // a group of its own, reading what was written before it subscribed
    properties.setProperty(
        ConsumerConfig.GROUP_ID_CONFIG, "infraaware-" + endpoint.name() + "-" + UUID.randomUUID());
    properties.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.setProperty(
        CommonClientConfigs.CLIENT_ID_CONFIG,
        "infraaware-" + endpoint.name() + "-consumer-" + UUID.randomUUID());
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    closeLater.accept(() -> consumer.close(CloseOptions.timeout(CLOSE)));
    return consumer;
  }
}
