package io.infraaware.run.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.infraaware.probe.Diagnosis;
import io.infraaware.probe.DiagnosisCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a build's JVMs share: verdicts reused while young, figures counted once per build. */
class BuildFilesTests {

  @TempDir Path reports;
  private final AtomicInteger probes = new AtomicInteger();

  private Figures.Service probe() {
    return probedAgo(Duration.ZERO);
  }

  private Figures.Service probedAgo(Duration age) {
    probes.incrementAndGet();
    return new Figures.Service(
        "cache",
        "redis",
        "redis://****@127.0.0.1:6390",
        "UNAVAILABLE",
        0,
        null,
        null,
        new Diagnosis(DiagnosisCode.CONNECTION_REFUSED, "refused", "start it"),
        "Service [cache] is unavailable",
        System.currentTimeMillis() - age.toMillis(),
        1,
        0,
        0,
        0,
        List.of());
  }

  private BuildFiles files(String build) {
    return new BuildFiles(reports, () -> new BuildId(build, true));
  }

  @Test
  void aYoungVerdictIsReusedAndAFreshProbeIsMadeWhenAsked() {
    BuildFiles files = files("b1");
    BuildFiles.Shared first =
        files.verdict("redis|cache", null, Duration.ofMinutes(1), false, this::probe);
    BuildFiles.Shared second =
        files.verdict("redis|cache", null, Duration.ofMinutes(1), false, this::probe);
    assertThat(first.reused()).isFalse();
    assertThat(second.reused()).isTrue();
    assertThat(second.service().diagnosis().code()).isEqualTo(DiagnosisCode.CONNECTION_REFUSED);
    assertThat(probes).hasValue(1);

    files.verdict(
        "redis|cache", null, Duration.ofMinutes(1), true, () -> probedAgo(Duration.ofMinutes(2)));
    assertThat(probes).as("a fresh probe ignores the file").hasValue(2);
    files.verdict("redis|cache", null, Duration.ofMinutes(1), false, this::probe);
    assertThat(probes).as("a verdict older than its lifetime is not reused").hasValue(3);
    files.verdict("redis|other", null, Duration.ofMinutes(1), false, this::probe);
    assertThat(probes).as("another service is probed").hasValue(4);
  }

  @Test
  void aSecretIsKeptOnlyAsASaltedDigestAndStillTellsVerdictsApart() throws IOException {
    BuildFiles files = files("b1");
    files.verdict("redis|cache", "s3cret-pass", Duration.ofMinutes(1), false, this::probe);
    files.verdict("redis|cache", "other-pass", Duration.ofMinutes(1), false, this::probe);
    assertThat(probes).as("two passwords, two verdicts").hasValue(2);
    files.verdict("redis|cache", "s3cret-pass", Duration.ofMinutes(1), false, this::probe);
    assertThat(probes).hasValue(2);
    try (Stream<Path> all = Files.walk(reports)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain("s3cret")
            .doesNotContain("other-pass");
      }
    }
  }

  @Test
  void aNewBuildDoesNotCountWhatThePreviousOneLeft() throws IOException {
    Figures mine = new Figures(List.of(JvmIdentity.CURRENT), 1, 5, 0, List.of(), List.of(probe()));
    BuildFiles first = files("first");
    Figures build = first.locked(() -> first.contribute(mine));
    assertThat(build.skipped()).isEqualTo(5);

    BuildFiles same = files("first");
    assertThat(same.locked(same::othersSkipped)).as("this JVM's own figures").isZero();
    BuildFiles next = files("second");
    Figures again =
        next.locked(
            () ->
                next.contribute(
                    new Figures(List.of(JvmIdentity.CURRENT), 2, 1, 0, List.of(), List.of())));
    assertThat(again.skipped()).as("the first build's 5 are gone").isEqualTo(1);
    assertThat(Files.readString(reports.resolve(RunSummary.FILE_NAME))).contains("\"second\"");
  }
}
