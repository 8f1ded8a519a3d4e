package io.infraaware.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * The run's chaos report: every scenario's timeline as JSON and as one self-contained HTML page (a
 * chart of latency and outcomes with fault and breaker bands, then phases and expectations).
 * Rewritten after each scenario, so the page is complete whenever the run stops.
 *
 * @since 0.1.0
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class ScenarioReport implements ScenarioListener {

  /** The system property naming the report directory. */
  public static final String DIR_PROPERTY = "infra.chaos.report.dir";

  private static final Map<Path, ScenarioReport> REPORTS = new ConcurrentHashMap<>();

  private final Path directory;
  private final List<Timeline> timelines = new ArrayList<>();

  private ScenarioReport(Path directory) {
    this.directory = directory;
  }

  /**
   * The run's report in {@code target/infraaware/chaos} (or {@value #DIR_PROPERTY}); one per
   * directory and JVM, so every scenario of a run lands on the same page.
   *
   * @return the report
   * @throws io.infraaware.config.InfraConfigurationException when {@value #DIR_PROPERTY} is not a
   *     path (a control character in it, say), naming it
   */
  public static ScenarioReport defaultReport() {
    return configured(System.getProperty(DIR_PROPERTY, "target/infraaware/chaos"));
  }

  /** The report in the directory {@value #DIR_PROPERTY} names. */
  static ScenarioReport configured(String directory) {
    return in(io.infraaware.config.InfraConfig.path(DIR_PROPERTY, directory));
  }

  /**
   * The run's report in a directory.
   *
   * @param directory where to write
   * @return the report for that directory
   */
  public static ScenarioReport in(Path directory) {
    return REPORTS.computeIfAbsent(directory.toAbsolutePath().normalize(), ScenarioReport::new);
  }

  /**
   * The reports of this JVM that hold at least one scenario.
   *
   * @return the reports
   */
  public static java.util.List<ScenarioReport> all() {
    java.util.List<ScenarioReport> written = new ArrayList<>();
    for (ScenarioReport report : REPORTS.values()) {
      if (!report.timelines().isEmpty()) {
        written.add(report);
      }
    }
    return written;
  }

  /**
   * How many scenarios in this report failed.
   *
   * @return the count
   */
  public synchronized long failedCount() {
    return timelines.stream().filter(ReportPage::failed).count();
  }

  /**
   * The HTML page.
   *
   * @return its path
   */
  public Path htmlFile() {
    return directory.resolve("chaos-report.html");
  }

  /**
   * The JSON timelines.
   *
   * @return its path
   */
  public Path jsonFile() {
    return directory.resolve("chaos-report.json");
  }

  /**
   * Adds a finished scenario and rewrites both files.
   *
   * @param timeline the scenario's timeline
   */
  public synchronized void add(Timeline timeline) {
    timelines.add(timeline);
    try {
      Files.createDirectories(directory);
      Files.writeString(jsonFile(), json());
      Files.writeString(htmlFile(), new ReportPage(timelines).html());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the chaos report to " + directory, e);
    }
  }

  /** Adds the finished scenario's timeline: the report is a listener on every scenario run. */
  @Override
  public void scenarioFinished(ScenarioContext context, Optional<ScenarioFailedError> failure) {
    add(context.timeline());
  }

  /**
   * The scenarios in this report so far.
   *
   * @return a snapshot
   */
  public synchronized List<Timeline> timelines() {
    return List.copyOf(timelines);
  }

  private String json() throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode scenarios = root.putArray("scenarios");
    for (Timeline timeline : timelines) {
      ObjectNode scenario = scenarios.addObject();
      scenario.put("name", timeline.scenario());
      scenario.put("startedAt", timeline.startedAt().toString());
      boolean failed = ReportPage.failed(timeline);
      scenario.put(
          "outcome",
          !failed ? "passed" : ReportPage.overloaded(timeline) ? "overloaded" : "failed");
      scenario.put("durationMillis", ReportPage.duration(timeline));
      String firstFailure = ReportPage.firstFailure(timeline);
      scenario.put("firstFailure", firstFailure.isEmpty() ? null : firstFailure);
      Timeline.Answers answers = timeline.answers();
      ObjectNode users = scenario.putObject("users");
      users.put("requests", answers.total());
      users.put("ok", answers.ok());
      users.put("degraded", answers.degraded());
      users.put("errors", answers.errors());
      users.put("successRate", answers.successRate());
      ArrayNode kept = scenario.putArray("keptLogs");
      for (TimelineEvent event : timeline.events()) {
        if (event.kind() == TimelineEvent.Kind.NOTE
            && event.subject().equals(ScenarioRunner.KEPT_LOG)) {
          kept.add(event.detail());
        }
      }
      ArrayNode steps = scenario.putArray("steps");
      String inPhase = "";
      for (TimelineEvent event : timeline.events()) {
        if (event.kind() == TimelineEvent.Kind.PHASE) {
          if (event.outcome().equals(Outcome.STARTED)) {
            inPhase = event.subject();
          } else {
            steps
                .addObject()
                .put("phase", event.subject())
                .put("outcome", event.outcome().label())
                .put("atMillis", event.atMillis());
          }
        } else if (event.kind() == TimelineEvent.Kind.EXPECTATION) {
          steps
              .addObject()
              .put("phase", inPhase)
              .put("expectation", event.subject())
              .put("outcome", event.outcome().label())
              .put("atMillis", event.atMillis())
              .put("detail", ScenarioRunner.firstLine(event.detail()));
        }
      }
      ObjectNode calibration = scenario.putObject("calibration");
      timeline
          .noiseByPhase()
          .forEach(
              (phase, noise) ->
                  calibration
                      .putObject(phase)
                      .put("cpuShare", noise.cpuShare())
                      .put("schedulingDelayMillis", noise.schedulingDelay().toMillis())
                      .put("ceilingMillis", noise.ceiling().toMillis()));
      ArrayNode events = scenario.putArray("events");
      for (TimelineEvent event : timeline.events()) {
        events
            .addObject()
            .put("atMillis", event.atMillis())
            .put("kind", event.kind().name())
            .put("subject", event.subject())
            .put("outcome", event.outcome().label())
            .put("latencyMillis", event.latencyMillis())
            .put("detail", event.detail());
      }
    }
    return mapper.writeValueAsString(root);
  }
}
