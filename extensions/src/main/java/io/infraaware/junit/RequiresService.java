package io.infraaware.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Names services a test class or method needs; each must be declared as {@code
 * infra.services.<name>.url}. Works with or without {@link InfrastructureAware}.
 *
 * <p>On a class (including {@code @Nested} classes) an unavailable service skips the whole class
 * before any {@code @BeforeAll} runs; on a method, just that method.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(RequiresServices.class)
@ExtendWith(InfrastructureExtension.class)
public @interface RequiresService {

  /**
   * The service names.
   *
   * @return names such as {@code postgres}
   */
  String[] value();
}
