package io.infraaware.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The order of InfraAware's sources in a JUnit run, against a mocked context. */
class JUnitConfigSourceTests {

  private static final String KEY = "infra.services.postgres.url";
  private static final String ENV = "INFRA_SERVICES_POSTGRES_URL";

  private final ExtensionContext context = mock(ExtensionContext.class);
  private final List<String> notes = new ArrayList<>();

  private static Properties defaults(String value) {
    Properties properties = new Properties();
    properties.setProperty(KEY, value);
    return properties;
  }

  private JUnitConfigSource source(Map<String, String> environment, Properties defaults) {
    return new JUnitConfigSource(
        context::getConfigurationParameter, environment, defaults, notes::add);
  }

  @Test
  void aConfigurationParameterWinsOverTheEnvironmentAndSaysSo() {
    when(context.getConfigurationParameter(KEY))
        .thenReturn(Optional.of("jdbc:postgresql://p:s3cret@127.0.0.1/launcher"));
    JUnitConfigSource source =
        source(
            Map.of(ENV, "jdbc:postgresql://e:s3cret@127.0.0.1/env"),
            defaults("jdbc:postgresql://127.0.0.1/file"));
    assertThat(source.get(KEY)).contains("jdbc:postgresql://p:s3cret@127.0.0.1/launcher");
    assertThat(notes)
        .singleElement()
        .asString()
        .startsWith(
            "INFRA_SERVICES_POSTGRES_URL=[jdbc:postgresql://****@127.0.0.1/env] is overridden by"
                + " infra.services.postgres.url=[jdbc:postgresql://****@127.0.0.1/launcher]")
        .doesNotContain("s3cret");
  }

  @Test
  void theEnvironmentWinsOverTheDefaultsFile() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.empty());
    JUnitConfigSource source = source(Map.of(ENV, "from-env"), defaults("from-file"));
    assertThat(source.get(KEY)).contains("from-env");
    assertThat(notes).isEmpty();
  }

  @Test
  void theDefaultsFileIsUsedWhenNothingElseSetsTheKey() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.empty());
    assertThat(source(Map.of(), defaults("from-file")).get(KEY)).contains("from-file");
  }

  @Test
  void blankValuesCountAsUnset() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.of(" "));
    assertThat(source(Map.of(ENV, "from-env"), new Properties()).get(KEY)).contains("from-env");
    assertThat(notes).isEmpty();
  }

  @Test
  void theSameValueEverywhereIsNoNews() {
    when(context.getConfigurationParameter(KEY)).thenReturn(Optional.of("same"));
    assertThat(source(Map.of(ENV, "same"), new Properties()).get(KEY)).contains("same");
    assertThat(notes).isEmpty();
  }
}
