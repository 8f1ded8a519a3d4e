package io.infraaware.compat.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * A Kafka service reaches the context as Spring Boot's own {@code KafkaConnectionDetails}, which
 * every Kafka client Boot configures takes its bootstrap servers from: here the broker InfraAware
 * provisioned in place of the configured one, which answers on that address.
 */
@SpringBootTest
@RequiresService({"events", "postgres", "redis"}) // the application's own database and cache too
class KafkaConnectionDetailsIT {

  @Autowired ApplicationContext context;

  @Test
  void bootsKafkaClientsAreSentToTheResolvedBroker(@Service("events") ServiceEndpoint events)
      throws Exception {
    Class<?> type = kafkaConnectionDetails();
    Object details = context.getBean(type);
    @SuppressWarnings("unchecked")
    List<String> servers = (List<String>) type.getMethod("getBootstrapServers").invoke(details);
    // the provisioned broker, not the configured port 1
    assertThat(servers).containsExactly(events.address());
    assertThat(events.port()).isNotEqualTo(1);
    // and a Kafka client that takes them reaches a broker there
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", servers)))) {
      assertThat(admin.describeCluster().nodes().get()).extracting(Node::port).isNotEmpty();
    }
  }

  /** Boot 4's (its Kafka module) or Boot 3.5's (spring-boot-autoconfigure). */
  private static Class<?> kafkaConnectionDetails() throws ClassNotFoundException {
    try {
      return Class.forName("org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails");
    } catch (ClassNotFoundException boot35) {
      return Class.forName("org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails");
    }
  }
}
