package io.infraaware.junit.docs;

// snippet:start kafka-clients
import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.InfrastructureAware;
import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@InfrastructureAware
@RequiresService("events")
class OrderEventsExample {

  @Test
  void anOrderIsPublished(
      @Service("events") Admin admin, @Service("events") KafkaProducer<String, String> producer)
      throws Exception {
    admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
    RecordMetadata sent = producer.send(new ProducerRecord<>("orders", "order-1", "placed")).get();
    assertThat(sent.offset()).isZero();
  }

  // snippet:skip kafka-clients
  // snippet:start kafka-outage
  @Test
  void aPaymentSentDuringABrokerOutageIsDeliveredAfterIt(@Service("events") ServiceProxy proxy)
      throws Exception {
    Properties config = new Properties();
    config.setProperty("bootstrap.servers", proxy.endpoint().address()); // through the proxy
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("payments", "p-0", "before")).get();
      Future<RecordMetadata> held;
      try (ActiveFault outage = proxy.outage()) {
        held = producer.send(new ProducerRecord<>("payments", "p-1", "during the outage"));
      } // healed: the producer's retries reach the broker again
      assertThat(held.get().topic()).isEqualTo("payments");
    }
  }
  // snippet:end kafka-outage
  // snippet:resume kafka-clients
}
// snippet:end kafka-clients
