package io.infraaware.compat.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

// snippet:start spring-after
@SpringBootTest
@RequiresService({"postgres", "redis"})
class OwnerRepositoryIT {

  @Autowired OwnerRepository owners;
  @Autowired VisitCounter visits;

  @Test
  void savesAnOwner() {
    String name = "owner-" + UUID.randomUUID();
    owners.save(name);
    assertThat(owners.exists(name)).isTrue();
  }

  @Test
  void countsVisits() {
    String pet = "pet-" + UUID.randomUUID();
    visits.recordVisit(pet);
    assertThat(visits.recordVisit(pet)).isEqualTo(2);
  }
  // snippet:end spring-after

  @Test
  void springConnectsWhereInfraAwareProbed(
      @Service("postgres") ServiceEndpoint postgres, @Service("redis") ServiceEndpoint redis) {
    assertThat(owners.serverPort()).isEqualTo(postgres.port());
    assertThat(visits.serverPort()).isEqualTo(redis.port());
  }

  @Test
  void runsOnTheExpectedSpringBootLine() {
    assertThat(org.springframework.boot.SpringBootVersion.getVersion())
        .isEqualTo(System.getProperty("expected.spring-boot.version"));
  }
}
