package io.infraaware.spring;

import io.infraaware.service.ServiceEndpoint;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Makes the beans that hand one resolved service to a Spring test context: typically a Spring Boot
 * {@code ConnectionDetails} (as {@code @ServiceConnection} does), so that Boot's auto-configuration
 * connects to the address InfraAware probed (the configured one, or the server it provisioned).
 *
 * <p>InfraAware brings its own for PostgreSQL and MySQL ({@code JdbcConnectionDetails}), Redis
 * ({@code RedisConnectionDetails} on Boot 3.5, {@code DataRedisConnectionDetails} on Boot 4),
 * RabbitMQ ({@code RabbitConnectionDetails}) and Kafka ({@code KafkaConnectionDetails}). For a kind
 * of one's own, or to replace a built-in one, list an implementation in {@code
 * META-INF/spring.factories} under this interface's name; the first factory that answers for an
 * endpoint wins, and the built-in ones come last:
 *
 * <pre>{@code
 * io.infraaware.spring.ServiceConnectionDetailsFactory=com.example.SearchConnectionDetailsFactory
 *
 * public class SearchConnectionDetailsFactory implements ServiceConnectionDetailsFactory {
 *   public List<?> connectionDetails(ServiceEndpoint endpoint) {
 *     if (!endpoint.name().equals("search")) { // an http service: Elasticsearch
 *       return List.of();
 *     }
 *     return List.of((ElasticsearchConnectionDetails) () -> List.of(
 *         new ElasticsearchConnectionDetails.Node(endpoint.host(), endpoint.port(),
 *             ElasticsearchConnectionDetails.Node.Protocol.HTTP, null, null)));
 *   }
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2.0")
@FunctionalInterface
public interface ServiceConnectionDetailsFactory {

  /**
   * The beans for a service, each registered in the test context under its own class (the first
   * declared service's bean of each type is primary).
   *
   * @param endpoint the service as the run uses it: configured, or provisioned in its place
   * @return the beans; empty when this factory does not serve the endpoint's kind
   */
  List<?> connectionDetails(ServiceEndpoint endpoint);
}
