package io.infraaware.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers InfraAware for a test class whose tests need nothing it would otherwise see: tests that
 * take a {@link TestProxies} or {@link io.infraaware.time.TimeScale} parameter, or a class whose
 * services are named only on its methods. {@link RequiresService} and {@link Service} register
 * InfraAware themselves, so next to them this annotation adds nothing.
 *
 * <pre>{@code
 * @InfrastructureAware
 * class AuthOutageIT {
 *   @Test
 *   void outage(TestProxies proxies) {
 *     ServiceProxy auth = proxies.proxy("auth", startAuthService());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(InfrastructureExtension.class)
public @interface InfrastructureAware {}
