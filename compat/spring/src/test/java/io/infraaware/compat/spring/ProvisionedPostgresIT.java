package io.infraaware.compat.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code clinic-db} is configured at 127.0.0.1:1, where nothing listens, with {@code
 * provision=embedded}: InfraAware starts an embedded PostgreSQL, and the application's DataSource
 * must reach that one (the server's own port, asked with {@code inet_server_port()}), not the
 * configured address.
 */
@SpringBootTest
@RequiresService("clinic-db")
class ProvisionedPostgresIT {

  @Autowired OwnerRepository owners;

  @Test
  void springUsesTheProvisionedServer(@Service("clinic-db") ServiceEndpoint clinicDb) {
    assertThat(clinicDb.port()).isNotEqualTo(1);
    assertThat(owners.serverPort()).isEqualTo(clinicDb.port());
  }

  @Test
  void theApplicationWorksAgainstIt() {
    String name = "owner-" + UUID.randomUUID();
    owners.save(name);
    assertThat(owners.exists(name)).isTrue();
  }
}
