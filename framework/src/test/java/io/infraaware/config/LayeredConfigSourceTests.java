package io.infraaware.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The order of InfraAware's sources in a test run. */
class LayeredConfigSourceTests {

  private static final String KEY = "infra.services.postgres.url";
  private static final String ENV = "INFRA_SERVICES_POSTGRES_URL";

  private final Map<String, String> runner = new java.util.HashMap<>();
  private final List<String> notes = new ArrayList<>();

  private static Properties defaults(String value) {
    Properties properties = new Properties();
    properties.setProperty(KEY, value);
    return properties;
  }

  private LayeredConfigSource source(Map<String, String> environment, Properties defaults) {
    LayeredConfigSource source =
        new LayeredConfigSource(key -> Optional.ofNullable(runner.get(key)), environment, defaults);
    source.sendNotesTo(notes::add);
    return source;
  }

  @Test
  void aConfigurationParameterWinsOverTheEnvironmentAndSaysSo() {
    runner.put(KEY, "jdbc:postgresql://p:s3cret@127.0.0.1/launcher");
    LayeredConfigSource source =
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
    LayeredConfigSource source = source(Map.of(ENV, "from-env"), defaults("from-file"));
    assertThat(source.get(KEY)).contains("from-env");
    assertThat(notes).isEmpty();
  }

  @Test
  void theDefaultsFileIsUsedWhenNothingElseSetsTheKey() {
    assertThat(source(Map.of(), defaults("from-file")).get(KEY)).contains("from-file");
  }

  @Test
  void blankValuesCountAsUnset() {
    runner.put(KEY, " ");
    assertThat(source(Map.of(ENV, "from-env"), new Properties()).get(KEY)).contains("from-env");
    assertThat(notes).isEmpty();
  }

  @Test
  void theSameValueEverywhereIsNoNews() {
    runner.put(KEY, "same");
    assertThat(source(Map.of(ENV, "same"), new Properties()).get(KEY)).contains("same");
    assertThat(notes).isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"Qz#ss-w0rd", "Qz?ss-w0rd", "Qz\tss-w0rd", "Qz\nss-w0rd", "Qz ss-w0rd"})
  void aShadowedEnvironmentVariableIsNotedWithoutItsPassword(String password) {
    runner.put(KEY, "jdbc:postgresql://127.0.0.1/launcher");
    source(Map.of(ENV, "redis://app:" + password + "@127.0.0.1:6379"), new Properties()).get(KEY);
    assertThat(notes)
        .singleElement()
        .asString()
        // with '#' or '?' the user-info cannot be told from a query: nothing after the scheme shows
        .startsWith("INFRA_SERVICES_POSTGRES_URL=[redis://****")
        .doesNotContain("ss-w0rd")
        .doesNotContain("Qz");
  }
}
