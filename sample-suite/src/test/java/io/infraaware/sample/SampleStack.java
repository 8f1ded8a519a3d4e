package io.infraaware.sample;

import static io.restassured.RestAssured.given;

import io.infraaware.service.ServiceEndpoint;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The auth service and the chat backend, started in-process on free ports for one test. */
final class SampleStack implements AutoCloseable {

  final SampleApp auth;
  final SampleApp backend;

  private SampleStack(SampleApp auth, SampleApp backend) {
    this.auth = auth;
    this.backend = backend;
  }

  /**
   * Starts both services.
   *
   * @param settings environment variables for the backend, over the test defaults
   * @param authUrl maps the auth service's URL to the one the backend uses (e.g. through a proxy)
   */
  static SampleStack start(
      ServiceEndpoint postgres,
      ServiceEndpoint redis,
      Map<String, String> settings,
      UnaryOperator<String> authUrl) {
    SampleApp auth = SampleApp.auth(0);
    try {
      Map<String, String> env = new HashMap<>();
      env.put("PORT", "0");
      env.put("DATABASE_URL", postgres.url());
      env.put("DATABASE_USER", postgres.username().orElse("postgres"));
      env.put("REDIS_URL", redis.url());
      env.put("AUTH_URL", authUrl.apply(auth.uri().toString()));
      env.put("DB_POOL_SIZE", "4");
      env.putAll(settings);
      return new SampleStack(auth, SampleApp.backend(SampleConfig.from(env)));
    } catch (RuntimeException e) {
      auth.close();
      throw e;
    }
  }

  static SampleStack start(
      ServiceEndpoint postgres, ServiceEndpoint redis, Map<String, String> settings) {
    return start(postgres, redis, settings, UnaryOperator.identity());
  }

  /** A token for a user from the auth service. */
  String token(String user) {
    return given()
        .baseUri(auth.uri().toString())
        .contentType(ContentType.JSON)
        .body(Map.of("user", user))
        .post("/auth/token")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  /** Requests to the backend. */
  RequestSpecification api() {
    return given(new RequestSpecBuilder().setBaseUri(backend.uri().toString()).build());
  }

  /** Requests to the backend with a bearer token. */
  RequestSpecification api(String token) {
    return api().auth().oauth2(token);
  }

  URI backendUri() {
    return backend.uri();
  }

  @Override
  public void close() {
    backend.close();
    auth.close();
  }
}
