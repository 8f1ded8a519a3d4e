package io.infraaware.spring;

// snippet:start plain-spring
import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.junit.RequiresService;
import io.infraaware.junit.Service;
import io.infraaware.service.ServiceEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

// Plain Spring, without Boot: the context gets infra.services.<name>.* properties, and a
// placeholder maps them to the application's own names.
@SpringJUnitConfig(PlainSpringIT.ClinicConfiguration.class)
@TestPropertySource(properties = "clinic.db.url=${infra.services.postgres.url}")
@RequiresService("postgres")
class PlainSpringIT {

  @Value("${clinic.db.url}")
  String clinicDbUrl;

  @Value("${infra.services.postgres.port}")
  int port;

  @Test
  void theContextSeesTheServiceAsTheRunResolvedIt(@Service("postgres") ServiceEndpoint postgres) {
    assertThat(clinicDbUrl).isEqualTo(postgres.url());
    assertThat(port).isEqualTo(postgres.port());
  }

  @Configuration(proxyBeanMethods = false)
  static class ClinicConfiguration {}
}
// snippet:end plain-spring
