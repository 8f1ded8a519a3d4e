package io.infraaware.spi;

import io.infraaware.probe.ClientLibraries;
import io.infraaware.service.ServiceEndpoint;
import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * A type a {@code @Service} parameter may have, and how to make one for a service: {@code
 * javax.sql.DataSource} for PostgreSQL, Lettuce's {@code RedisClient} for Redis.
 *
 * <p>The type and the library are named, not referenced, so that the provider loads without the
 * library; {@link #open} runs only when {@link #available()}.
 *
 * @since 0.1.0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class ClientType {

  /**
   * Makes a client for an endpoint.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface Opener {
    /**
     * Makes the client.
     *
     * @param endpoint the service (through its proxy, when it is proxied)
     * @param closeLater registers what must be closed when the test's scope ends
     * @return the client, an instance of the type
     * @throws Exception when it cannot be made; the message must not contain secrets
     */
    Object open(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater) throws Exception;
  }

  private final String typeName;
  private final String libraryClass;
  private final String artifact;
  private final Opener opener;

  private ClientType(String typeName, String libraryClass, String artifact, Opener opener) {
    this.typeName = Objects.requireNonNull(typeName, "typeName");
    this.libraryClass = Objects.requireNonNull(libraryClass, "libraryClass");
    this.artifact = Objects.requireNonNull(artifact, "artifact");
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /**
   * A client type.
   *
   * @param typeName the parameter type's class name, e.g. {@code javax.sql.DataSource}
   * @param libraryClass a class that must be present to make one, e.g. {@code
   *     org.postgresql.Driver}
   * @param artifact what to add when it is not, e.g. {@code org.postgresql:postgresql}
   * @param opener makes the client
   * @return the client type
   */
  public static ClientType of(
      String typeName, String libraryClass, String artifact, Opener opener) {
    return new ClientType(typeName, libraryClass, artifact, opener);
  }

  /**
   * The parameter type's class name.
   *
   * @return e.g. {@code javax.sql.DataSource}
   */
  public String typeName() {
    return typeName;
  }

  /**
   * The artifact that provides the client.
   *
   * @return e.g. {@code org.postgresql:postgresql}
   */
  public String artifact() {
    return artifact;
  }

  /**
   * Whether the library is on the class path.
   *
   * @return true when a client can be made
   */
  public boolean available() {
    return ClientLibraries.isPresent(libraryClass);
  }

  /**
   * Whether a parameter of {@code type} is served by this client type.
   *
   * @param type the parameter's type
   * @return true for the same class name
   */
  public boolean matches(Class<?> type) {
    return type.getName().equals(typeName);
  }

  /**
   * Makes a client.
   *
   * @param endpoint the service
   * @param closeLater registers what to close with the test's scope
   * @return the client
   * @throws IllegalStateException naming the artifact when the library is missing
   * @throws Exception what the opener throws
   */
  public Object open(ServiceEndpoint endpoint, Consumer<AutoCloseable> closeLater)
      throws Exception {
    ClientLibraries.require(
        libraryClass,
        artifact,
        "for a " + simpleName() + " parameter of [" + endpoint.name() + "]");
    return opener.open(endpoint, closeLater);
  }

  /**
   * The type's simple name, for messages.
   *
   * @return e.g. {@code DataSource}
   */
  public String simpleName() {
    return typeName.substring(typeName.lastIndexOf('.') + 1);
  }
}
