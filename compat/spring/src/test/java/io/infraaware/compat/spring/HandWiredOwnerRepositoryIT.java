package io.infraaware.compat.spring;

// snippet:start spring-before
import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
@RequiresService({"postgres", "redis"})
class HandWiredOwnerRepositoryIT {

  private static ServiceEndpoint postgres;
  private static ServiceEndpoint redis;

  @BeforeAll
  static void endpoints(
      @Service("postgres") ServiceEndpoint postgresEndpoint,
      @Service("redis") ServiceEndpoint redisEndpoint) {
    postgres = postgresEndpoint;
    redis = redisEndpoint;
  }

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> postgres.url());
    registry.add("spring.datasource.username", () -> postgres.username().orElse(""));
    registry.add("spring.datasource.password", () -> postgres.password().orElse(""));
    registry.add("spring.data.redis.host", () -> redis.host());
    registry.add("spring.data.redis.port", () -> redis.port());
  }

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
}
// snippet:end spring-before
