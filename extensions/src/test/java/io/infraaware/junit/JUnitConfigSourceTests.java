package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

class JUnitConfigSourceTests {

  private static final String KEY = "infra.services.postgres.url";
  private static final String ENV = "INFRA_SERVICES_POSTGRES_URL";

  private final ExtensionContext context = mock(ExtensionContext.class);

  private static Properties file(String value) {
    Properties properties = new Properties();
    properties.setProperty(KEY, value);
    return properties;
  }

  @Test
  void theEnvironmentWinsOverThePropertiesFile() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.of("from-file"));
    JUnitConfigSource source =
        new JUnitConfigSource(
            context::getConfigurationParameter, Map.of(ENV, "from-env"), file("from-file"));
    assertThat(source.get(KEY)).contains("from-env");
  }

  @Test
  void aLauncherParameterOrSystemPropertyWinsOverTheEnvironment() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.of("from-launcher"));
    JUnitConfigSource source =
        new JUnitConfigSource(
            context::getConfigurationParameter, Map.of(ENV, "from-env"), file("from-file"));
    assertThat(source.get(KEY)).contains("from-launcher");
  }

  @Test
  void theFileIsUsedWhenNothingElseSetsTheKey() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.of("from-file"));
    JUnitConfigSource source =
        new JUnitConfigSource(context::getConfigurationParameter, Map.of(), file("from-file"));
    assertThat(source.get(KEY)).contains("from-file");
  }

  @Test
  void theEnvironmentAloneIsEnough() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.empty());
    JUnitConfigSource source =
        new JUnitConfigSource(
            context::getConfigurationParameter, Map.of(ENV, "from-env"), new Properties());
    assertThat(source.get(KEY)).contains("from-env");
  }
}
