package io.infraaware.compat.spring;

// snippet:start outage
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.proxy.ActiveFault;
import io.infraaware.proxy.ServiceProxy;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;

// The test's proxy is the one the Spring context connects through: an outage injected there reaches
// the application's DataSource, and healing brings it back.
@SpringBootTest
@RequiresService("postgres")
class DatabaseOutageIT {

  @Autowired OwnerRepository owners;
  @Autowired Environment environment;

  @Test
  void anOutageThroughTheProxyReachesTheApplication(@Service("postgres") ServiceProxy postgres) {
    assertThat(environment.getProperty("infra.services.postgres.port", Integer.class))
        .isEqualTo(postgres.endpoint().port());
    String name = "owner-" + UUID.randomUUID();
    owners.save(name);

    try (ActiveFault outage = postgres.outage()) {
      assertThatThrownBy(() -> owners.exists(name)).isInstanceOf(DataAccessException.class);
    }

    await()
        .alias("the application reads again once the outage is healed")
        .atMost(Duration.ofSeconds(30))
        // the pool finds its broken connections one query at a time
        .ignoreExceptionsInstanceOf(DataAccessException.class)
        .untilAsserted(() -> assertThat(owners.exists(name)).isTrue());
  }
}
// snippet:end outage
