package io.infraaware.junit;

import io.infraaware.config.Secrets;
import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceDefinition;
import io.infraaware.service.ServiceEndpoint;
import io.infraaware.service.ServiceKind;
import io.infraaware.service.WebSocketClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.postgresql.ds.PGSimpleDataSource;

/** Builds the client a {@link Service} parameter asks for and registers it for closing. */
final class ServiceParameters {

  /** How long a test's PostgreSQL connection may take to connect and log in. */
  static final int LOGIN_TIMEOUT_SECONDS = 10;

  private ServiceParameters() {}

  static Object resolve(ParameterContext parameter, ExtensionContext context) {
    String name = parameter.findAnnotation(Service.class).orElseThrow().value().trim();
    // Constructor and @BeforeAll parameters are not covered by the condition: check here too.
    // The condition has judged this service already (RequiredServices lists every @Service
    // parameter JUnit resolves); this is the cached verdict, kept as a guard.
    boolean proxy = parameter.getParameter().getType() == ServiceProxy.class;
    ServiceGate.Verdict verdict =
        ServiceGate.recheck(context, new RequiredServices(List.of(name), proxy));
    if (verdict.failure() != null) {
      throw verdict.failure();
    }
    if (verdict.result().isDisabled()) {
      throw new ParameterResolutionException(verdict.result().getReason().orElse(name));
    }
    ServiceDefinition service = InfraRun.of(context).definition(name);
    Class<?> type = parameter.getParameter().getType();
    if (type == ServiceProxy.class) {
      return ChaosSupport.proxy(context, service);
    }
    // A proxied service is reached through its proxy, so the test's faults reach its clients.
    ServiceEndpoint endpoint =
        service.proxy() ? ChaosSupport.proxy(context, service).endpoint() : service.endpoint();
    if (type == ServiceEndpoint.class) {
      return endpoint;
    }
    ExtensionContext.Store store = context.getStore(InfraRun.NAMESPACE);
    switch (service.kind()) {
      case POSTGRES:
        if (type == DataSource.class) {
          return dataSource(endpoint);
        }
        if (type == Connection.class) {
          return register(store, connection(endpoint));
        }
        break;
      case REDIS:
        if (type == RedisClient.class) {
          return register(store, new ClosingRedisClient(redisClient(endpoint))).client;
        }
        if (type == StatefulRedisConnection.class) {
          ClosingRedisClient client =
              register(store, new ClosingRedisClient(redisClient(endpoint)));
          return client.connect();
        }
        break;
      case HTTP:
        if (type == RequestSpecification.class) {
          // Credentials go in as basic auth, never in the base URI that REST Assured logs.
          RequestSpecBuilder spec =
              new RequestSpecBuilder().setBaseUri(endpoint.urlWithoutUserInfo());
          if (endpoint.username().isPresent()) {
            spec.setAuth(
                RestAssured.preemptive()
                    .basic(endpoint.username().get(), endpoint.password().orElse("")));
          }
          return spec.build();
        }
        break;
      case WEBSOCKET:
        if (type == WebSocketClient.class) {
          return register(store, new WebSocketClient(endpoint));
        }
        break;
      default:
        break;
    }
    throw new ParameterResolutionException(
        "@Service(\""
            + name
            + "\") cannot be a "
            + type.getName()
            + ": ["
            + name
            + "] is a "
            + service.kind().displayName()
            + " service; supported types are "
            + supported(service.kind()));
  }

  private static String supported(ServiceKind kind) {
    switch (kind) {
      case POSTGRES:
        return "ServiceEndpoint, javax.sql.DataSource, java.sql.Connection, ServiceProxy";
      case REDIS:
        return "ServiceEndpoint, RedisClient, StatefulRedisConnection<String, String>, ServiceProxy";
      case HTTP:
        return "ServiceEndpoint, io.restassured.specification.RequestSpecification, ServiceProxy";
      case WEBSOCKET:
        return "ServiceEndpoint, io.infraaware.service.WebSocketClient, ServiceProxy";
      default:
        return "ServiceEndpoint, ServiceProxy";
    }
  }

  private static <T extends AutoCloseable> T register(ExtensionContext.Store store, T resource) {
    store.put(new Object(), resource);
    return resource;
  }

  /**
   * A DataSource whose connecting and login are bounded (pgjdbc waits for a login forever by
   * default, so a hung database would hang the test); queries are not, unless the URL says so.
   */
  private static PGSimpleDataSource dataSource(ServiceEndpoint endpoint) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(endpoint.url());
    if (!endpoint.url().contains("loginTimeout=")) {
      dataSource.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    }
    endpoint.username().ifPresent(dataSource::setUser);
    endpoint.password().ifPresent(dataSource::setPassword);
    return dataSource;
  }

  private static Connection connection(ServiceEndpoint endpoint) {
    try {
      return dataSource(endpoint).getConnection();
    } catch (SQLException e) {
      throw new ParameterResolutionException(
          "Cannot connect to ["
              + endpoint.maskedUrl()
              + "]: "
              + Secrets.scrub(e.getMessage(), endpoint.password().orElse(null)),
          e);
    }
  }

  private static RedisClient redisClient(ServiceEndpoint endpoint) {
    RedisURI uri = RedisURI.create(endpoint.url());
    endpoint
        .password()
        .ifPresent(
            password ->
                uri.setCredentialsProvider(
                    RedisCredentialsProvider.from(
                        () -> RedisCredentials.just(endpoint.username().orElse(null), password))));
    return RedisClient.create(uri);
  }

  /** Shuts a Lettuce client down, closing its connections first. */
  private static final class ClosingRedisClient implements AutoCloseable {
    private final RedisClient client;

    ClosingRedisClient(RedisClient client) {
      this.client = client;
    }

    StatefulRedisConnection<String, String> connect() {
      return client.connect();
    }

    @Override
    public void close() {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
