package io.infraaware.compat.spring;

// snippet:start spring-after
import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

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
}
// snippet:end spring-after
