package io.infraaware.sample;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import org.apiguardian.api.API;

/** What a user of the library may not touch: its internal packages and types marked internal. */
final class UserApi {

  /** A class of the library that is not API: in an {@code .internal} package, or marked so. */
  static final DescribedPredicate<JavaClass> INTERNAL =
      new DescribedPredicate<>(
          "InfraAware's internal types (an .internal package or @API INTERNAL)") {
        @Override
        public boolean test(JavaClass type) {
          if (!type.getPackageName().startsWith("io.infraaware.")
              || type.getPackageName().startsWith("io.infraaware.sample")) {
            return false;
          }
          if (type.getPackageName().contains(".internal")) {
            return true;
          }
          return type.tryGetAnnotationOfType(API.class)
              .map(api -> api.status() == API.Status.INTERNAL)
              .orElse(false);
        }
      };

  private UserApi() {}
}
