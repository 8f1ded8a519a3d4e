package io.infraaware.compat.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * The application's DataSource and Redis connection reach the servers InfraAware probed (each
 * server says its own port), through Spring Boot's ConnectionDetails, with nothing in the
 * application's configuration.
 */
@SpringBootTest
@RequiresService({"postgres", "redis"})
class ServiceConnectionIT {

  @Autowired OwnerRepository owners;
  @Autowired VisitCounter visits;
  @Autowired Environment environment;

  @Test
  void springConnectsWhereInfraAwareProbed(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis) {
    assertThat(owners.serverPort()).isEqualTo(postgres.port());
    assertThat(visits.serverPort()).isEqualTo(redis.port());
  }

  @Test
  void theContextHasTheServicesAsProperties(@Service("postgres") ServiceEndpoint postgres) {
    assertThat(environment.getProperty("infra.services.postgres.url")).isEqualTo(postgres.url());
    assertThat(environment.getProperty("infra.services.postgres.port", Integer.class))
        .isEqualTo(postgres.port());
  }

  @Test
  void runsOnTheExpectedSpringBootLine() {
    assertThat(SpringBootVersion.getVersion())
        .isEqualTo(System.getProperty("expected.spring-boot.version"));
  }
}
