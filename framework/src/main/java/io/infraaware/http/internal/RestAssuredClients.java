package io.infraaware.http.internal;

import io.infraaware.service.ServiceEndpoint;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/** REST Assured specifications for {@code @Service} parameters; loaded only when present. */
final class RestAssuredClients {

  private RestAssuredClients() {}

  static Object specification(ServiceEndpoint endpoint) {
    // Credentials go in as basic auth, never in the base URI that REST Assured logs.
    RequestSpecBuilder spec = new RequestSpecBuilder().setBaseUri(endpoint.urlWithoutUserInfo());
    if (endpoint.username().isPresent()) {
      spec.setAuth(
          RestAssured.preemptive()
              .basic(endpoint.username().get(), endpoint.password().orElse("")));
    }
    return spec.build();
  }
}
