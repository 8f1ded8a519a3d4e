package io.infraaware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infraaware.testing.TestServices;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Configuration an outside review tried: every bad value is a configuration error, never a verdict.
 */
class HostileConfigurationTests {

  @ParameterizedTest
  @CsvSource({
    "infra.probe.timeout, 99999999999999d",
    "infra.probe.timeout, PT9999999999H",
    "infra.probe.timeout, PT99999999999999999999H",
    "infra.probe.timeout, 0.0001ms",
    "infra.probe.timeout, 9ms",
    "infra.probe.timeout, 11m",
    "infra.toxiproxy.timeout, 99999999999999d",
    "infra.toxiproxy.timeout, 0.0001ms",
    "infra.probe.reuse-within, 2d",
    "infra.probe.reuse-within, PT9999999999H"
  })
  void aDurationBeyondItsBoundsIsAConfigurationErrorNamingKeyAndValue(String key, String value) {
    assertThatThrownBy(() -> InfraConfig.from(ConfigSource.of(Map.of(key, value))))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageStartingWith(
            "Invalid configuration " + key + "=[" + value + "]: must be between");
  }

  @Test
  void aServiceProbeTimeoutBeyondItsBoundsFailsTheServiceNotItsVerdict() {
    Map<String, String> settings =
        Map.of(
            "infra.services.cache.url", "redis://127.0.0.1:6379",
            "infra.services.cache.probe-timeout", "PT9999999999H");
    assertThatThrownBy(() -> TestServices.define(settings, "cache"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Invalid configuration infra.services.cache.probe-timeout=[PT9999999999H]: must be"
                + " between 10ms and 10m (see docs/configuration.md)");
  }

  @ParameterizedTest
  @CsvSource({"infra.probe.timeout, 10ms, 10", "infra.probe.timeout, 10m, 600000"})
  void theBoundsThemselvesAreAccepted(String key, String value, long millis) {
    assertThat(InfraConfig.from(ConfigSource.of(Map.of(key, value))).probeTimeout())
        .isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void anUnknownKeyIsWarnedWithTheClosestKnownKey() {
    List<String> notes = new ArrayList<>();
    LayeredConfigSource source =
        new LayeredConfigSource(
            key -> Optional.empty(),
            Map.of("INFRA_PROBE_TIMOUT", "5s"),
            properties("infra.services.db.healthpath", "/h"));
    source.sendNotesTo(notes::add);
    InfraConfig.from(source);
    InfraConfig.from(source);
    assertThat(notes)
        .containsExactlyInAnyOrder(
            "Unknown configuration key [INFRA_PROBE_TIMOUT]; did you mean INFRA_PROBE_TIMEOUT?"
                + " (InfraAware reads only the keys in docs/configuration.md)",
            "Unknown configuration key [infra.services.db.healthpath]; did you mean"
                + " infra.services.db.health-path? (InfraAware reads only the keys in"
                + " docs/configuration.md)");
  }

  @Test
  void anUnknownKeyIsRefusedInRequireMode() {
    assertThatThrownBy(
            () ->
                InfraConfig.from(
                    ConfigSource.of(Map.of("infra.mode", "require", "infra.probe.timout", "5s"))))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Unknown configuration key [infra.probe.timout]; did you mean infra.probe.timeout?"
                + " (InfraAware reads only the keys in docs/configuration.md); refused in require"
                + " mode");
  }

  @Test
  void twoServiceNamesThatShareAnEnvironmentVariableAreRefused() {
    assertThatThrownBy(
            () ->
                InfraConfig.from(
                    ConfigSource.of(
                        Map.of(
                            "infra.services.my-db.url", "redis://127.0.0.1:6379",
                            "infra.services.my_db.url", "redis://127.0.0.1:6380"))))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Services [my-db] and [my_db] map to the same environment variables"
                + " (INFRA_SERVICES_MY_DB_URL): rename one of them");
    // declared once (the environment sets both names): the second name asked for is refused
    var catalog =
        TestServices.catalog(
            new HashMap<>(Map.of("infra.services.my-db.url", "redis://127.0.0.1:6379")));
    catalog.definition("my-db");
    assertThatThrownBy(() -> catalog.definition("my_db"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("Services [my-db] and [my_db] map to the same environment variables");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/health\r\nX-Injected: 1", "/health\nx", "/he alth", "/he\talth"})
  void aControlCharacterInAHealthPathIsRefusedBeforeItReachesARequest(String path) {
    Map<String, String> settings =
        Map.of(
            "infra.services.web.url",
            "http://127.0.0.1:8080",
            "infra.services.web.health-path",
            path);
    assertThatThrownBy(() -> TestServices.define(settings, "web"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessageContaining("infra.services.web.health-path")
        .hasMessageContaining("percent-encode it")
        .extracting(Throwable::getMessage)
        .asString()
        .doesNotContain("\r")
        .doesNotContain("\n");
  }

  @Test
  void aControlCharacterInAReportDirectoryIsRefused() {
    InfraConfig config =
        InfraConfig.from(ConfigSource.of(Map.of("infra.report.dir", "target/x\ny")));
    assertThatThrownBy(config::reportDir)
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Invalid configuration infra.report.dir=[target/x\\ny]: a path must not hold control"
                + " characters (index 8)");
  }

  @Test
  void anUnknownSslModeIsRefusedNamingIt() {
    assertThatThrownBy(
            () -> TestServices.endpoint("db", "jdbc:postgresql://127.0.0.1:5432/app?sslmode=bogus"))
        .isInstanceOf(InfraConfigurationException.class)
        .hasMessage(
            "Invalid configuration infra.services.db.url=[jdbc:postgresql://127.0.0.1:5432/app?sslmode=bogus]:"
                + " sslmode=[bogus] is not one of disable, allow, prefer, require, verify-ca,"
                + " verify-full");
  }

  @Test
  void theDefaultsFileIsReadAsUtf8() throws Exception {
    Properties read = new Properties();
    read.load(
        new InputStreamReader(
            new ByteArrayInputStream(
                "infra.services.db.password=Gr\u00fc\u00dfe-\u4e2d"
                    .getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
    LayeredConfigSource source = new LayeredConfigSource(key -> Optional.empty(), Map.of(), read);
    assertThat(source.get("infra.services.db.password")).contains("Gr\u00fc\u00dfe-\u4e2d");
  }

  private static Properties properties(String key, String value) {
    Properties properties = new Properties();
    properties.setProperty(key, value);
    return properties;
  }
}
