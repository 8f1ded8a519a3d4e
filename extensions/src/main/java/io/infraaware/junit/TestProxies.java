package io.infraaware.junit;

import io.infraaware.proxy.ServiceProxy;
import io.infraaware.service.ServiceEndpoint;
import org.apiguardian.api.API;

/**
 * Proxies for endpoints a test starts itself, such as a service of the system under test that runs
 * on a free port: declare a parameter of this type. They live on the run's Toxiproxy server
 * (embedded, {@code infra.toxiproxy.url} or a container) like the proxies of declared services,
 * belong to the test class, are healed after every test and deleted after the class.
 *
 * <pre>{@code
 * @Test
 * void authOutage(TestProxies proxies) {
 *   SampleApp auth = SampleApp.auth(0);
 *   ServiceProxy proxy = proxies.proxy("auth", auth.uri().toString());
 *   // hand proxy.endpoint().url() to the system under test
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface TestProxies {

  /**
   * The test class's proxy in front of an endpoint, created on first use.
   *
   * @param endpoint the endpoint, named for the proxy
   * @return the proxy
   */
  ServiceProxy proxy(ServiceEndpoint endpoint);

  /**
   * The test class's proxy in front of a URL of any known kind, created on first use.
   *
   * @param name the service's name, used for the proxy
   * @param url the URL; its scheme selects the kind
   * @return the proxy
   */
  ServiceProxy proxy(String name, String url);
}
