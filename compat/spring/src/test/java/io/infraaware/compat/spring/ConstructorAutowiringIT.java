package io.infraaware.compat.spring;

// snippet:start constructor
import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestConstructor;

@SpringBootTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
@RequiresService("postgres")
class ConstructorAutowiringIT {

  private final OwnerRepository owners;
  private final ServiceEndpoint postgres;
  private final DataSource direct;

  ConstructorAutowiringIT(
      OwnerRepository owners,
      @Service("postgres") ServiceEndpoint postgres,
      @Service("postgres") DataSource direct) {
    this.owners = owners;
    this.postgres = postgres;
    this.direct = direct;
  }

  @Test
  void springAndInfraAwareReachTheSameServer() throws SQLException {
    assertThat(owners.serverPort()).isEqualTo(postgres.port());
    try (Connection connection = direct.getConnection()) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }
}
// snippet:end constructor
