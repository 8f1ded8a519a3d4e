package io.infraaware.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a client for a declared service into a test, lifecycle method or constructor parameter.
 *
 * <p>Supported parameter types: {@link io.infraaware.service.ServiceEndpoint} for every service;
 * {@code javax.sql.DataSource} and {@code java.sql.Connection} for PostgreSQL; Lettuce {@code
 * RedisClient} and {@code StatefulRedisConnection<String, String>} for Redis; a REST Assured {@code
 * RequestSpecification} with the base URI set for HTTP; {@link
 * io.infraaware.websocket.WebSocketClient} for WebSocket. Whatever is created is closed at the end
 * of the scope that asked for it (the test method, or the class for {@code @BeforeAll}).
 *
 * <p>A service named here counts as required by the test, as if named in {@link RequiresService},
 * and the parameter registers InfraAware itself: a test class needs no other annotation.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(InfrastructureExtension.class)
public @interface Service {

  /**
   * The service name, as in {@code infra.services.<name>.url}.
   *
   * @return the name
   */
  String value();
}
