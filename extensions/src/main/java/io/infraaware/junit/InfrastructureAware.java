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
 * Makes a test class honest about its infrastructure: the services it names with {@link
 * RequiresService} are probed once per run, and tests whose service is unavailable are skipped with
 * a diagnosis (or fail in {@code require} mode).
 *
 * <pre>{@code
 * @InfrastructureAware
 * @RequiresService({"postgres", "redis"})
 * class OrderRepositoryIT {
 *   @Test
 *   void savesOrder(@Service("postgres") DataSource db) { ... }
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
