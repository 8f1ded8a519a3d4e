package io.infraaware.compat.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Boot's RabbitMQ connection factory reaches the broker InfraAware probed. */
@SpringBootTest
@RequiresService({"postgres", "rabbitmq"}) // the application needs its database too
class RabbitConnectionIT {

  @Autowired RabbitTemplate rabbit;

  @Test
  void springConnectsWhereInfraAwareProbed(@Service("rabbitmq") ServiceEndpoint rabbitmq) {
    Integer port = rabbit.execute(channel -> channel.getConnection().getPort());
    assertThat(port).isEqualTo(rabbitmq.port());
    assertThat(rabbit.getConnectionFactory().getHost()).isEqualTo(rabbitmq.host());
  }
}
