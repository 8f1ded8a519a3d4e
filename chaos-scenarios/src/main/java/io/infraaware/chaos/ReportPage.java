package io.infraaware.chaos;

import io.infraaware.chaos.TimelineEvent.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders timelines as one HTML page with inline SVG: no scripts, no network, opens anywhere. */
final class ReportPage {

  private static final int WIDTH = 960;
  private static final int HEIGHT = 280;
  private static final int LEFT = 60;
  private static final int TOP = 20;
  private static final int PLOT_W = WIDTH - LEFT - 20;
  private static final int PLOT_H = HEIGHT - TOP - 50;

  private final List<Timeline> timelines;

  ReportPage(List<Timeline> timelines) {
    this.timelines = List.copyOf(timelines);
  }

  String html() {
    StringBuilder page = new StringBuilder();
    page.append(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>InfraAware chaos report</title><style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}h1{font-size:22px}h2{font-size:18px;margin-top:36px;padding-top:12px;border-top:1px solid #ddd}")
        .append(
            "table{border-collapse:collapse;margin-top:8px}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;text-align:left;vertical-align:top}td:first-child{white-space:nowrap}")
        .append(
            "th{background:#f3f3f3}.index td.num{text-align:right;white-space:nowrap}.index td.why{max-width:520px;color:#555}a{color:#0550ae}")
        .append(
            ".passed{color:#1a7f37;font-weight:600}.failed{color:#cf222e;font-weight:600}.overloaded{color:#9a6700;font-weight:600}.legend span{display:inline-block;margin-right:14px;font-size:12px}")
        .append(
            "details{margin-top:10px}summary{cursor:pointer;font-size:13px;color:#0550ae}.meta{font-size:13px;color:#555}")
        .append(
            ".sw{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}</style></head><body>");
    long failed = timelines.stream().filter(ReportPage::failed).count();
    page.append("<h1>InfraAware chaos report</h1><p>")
        .append(timelines.size())
        .append(" scenario(s), ")
        .append("<span class=\"")
        .append(failed == 0 ? "passed" : "failed")
        .append("\">")
        .append(failed)
        .append(" failed</span></p>");
    index(page);
    page.append(
            "<div class=\"legend\"><span><i class=\"sw\" style=\"background:#1a7f37\"></i>request ok</span>")
        .append("<span><i class=\"sw\" style=\"background:#d4a72c\"></i>request degraded</span>")
        .append("<span><i class=\"sw\" style=\"background:#cf222e\"></i>request error</span>")
        .append(
            "<span><i class=\"sw\" style=\"background:rgba(207,34,46,.18)\"></i>fault on</span>")
        .append(
            "<span><i class=\"sw\" style=\"background:rgba(255,140,0,.35)\"></i>breaker OPEN</span>")
        .append(
            "<span><i class=\"sw\" style=\"background:rgba(255,215,0,.45)\"></i>breaker HALF_OPEN</span>")
        .append(
            "<span><i class=\"sw\" style=\"background:rgba(120,120,120,.25)\"></i>health not UP</span></div>");
    for (int i = 0; i < timelines.size(); i++) {
      scenario(page, timelines.get(i), i + 1);
    }
    return page.append("</body></html>\n").toString();
  }

  /** The table a reader starts from: each scenario's outcome, duration and first failure. */
  private void index(StringBuilder page) {
    page.append(
        "<table class=\"index\"><tr><th>#</th><th>scenario</th><th>outcome</th><th>duration</th>"
            + "<th>users answered</th><th>machine noise</th><th>first failure</th></tr>");
    for (int i = 0; i < timelines.size(); i++) {
      Timeline timeline = timelines.get(i);
      boolean failed = failed(timeline);
      page.append("<tr><td class=\"num\">")
          .append(i + 1)
          .append("</td><td><a href=\"#scenario-")
          .append(i + 1)
          .append("\">")
          .append(escape(timeline.scenario()))
          .append("</a></td>")
          .append(outcome(timeline))
          .append("<td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.1f s", duration(timeline) / 1000.0))
          .append("</td><td class=\"num\">")
          .append(answered(timeline.answers()))
          .append("</td><td class=\"num\">")
          .append(escape(timeline.noiseSummary()))
          .append("</td><td class=\"why\">")
          .append(failed ? escape(firstFailure(timeline)) : "—")
          .append("</td></tr>");
    }
    page.append(
        "</table><p class=\"meta\">Machine noise: the lowest CPU share a busy thread got in any"
            + " phase (1 on a quiet machine, ½ when every core has a second busy thread) and the"
            + " longest a sleeping thread woke late. Promises about time were judged as promise +"
            + " this noise, up to the ceiling; each phase's figures are in its calibration events."
            + "</p>");
  }

  /** The share of users' requests answered, with the count it is of. */
  private static String answered(Timeline.Answers answers) {
    if (answers.total() == 0) {
      return "—";
    }
    return String.format(
        Locale.ROOT,
        "%.1f %% of %d (%d degraded)",
        100 * answers.successRate(),
        answers.total(),
        answers.degraded());
  }

  /** The outcome cell: passed, failed, or failed while the machine was overloaded. */
  private static String outcome(Timeline timeline) {
    if (!failed(timeline)) {
      return "<td class=\"passed\">passed</td>";
    }
    if (overloaded(timeline)) {
      return "<td class=\"overloaded\" title=\"the calibration found the machine noisier than the"
          + " ceiling: the failure may be the machine's\">failed, machine overloaded</td>";
    }
    return "<td class=\"failed\">failed</td>";
  }

  /** Whether the calibration found the machine noisier than the ceiling during the scenario. */
  static boolean overloaded(Timeline timeline) {
    for (TimelineEvent event : timeline.events()) {
      if ((event.kind() == Kind.CALIBRATION || event.kind() == Kind.TIMING)
          && event.outcome().equals(Outcome.OVERLOADED)) {
        return true;
      }
    }
    return false;
  }

  /** The first expectation or phase that failed, as {@code what: why}; empty when none did. */
  static String firstFailure(Timeline timeline) {
    for (TimelineEvent event : timeline.events()) {
      if ((event.kind() == Kind.EXPECTATION || event.kind() == Kind.PHASE)
          && event.outcome().equals(Outcome.FAILED)) {
        String why = ScenarioRunner.firstLine(event.detail());
        return event.subject() + (why.isEmpty() ? "" : ": " + why);
      }
    }
    return "";
  }

  static long duration(Timeline timeline) {
    List<TimelineEvent> events = timeline.events();
    return events.isEmpty() ? 0 : events.get(events.size() - 1).atMillis();
  }

  /** A scenario failed when a phase or an expectation did (a missed fault is an expectation). */
  static boolean failed(Timeline timeline) {
    return timeline.events(Kind.PHASE).stream().anyMatch(e -> e.outcome().equals(Outcome.FAILED))
        || timeline.events(Kind.EXPECTATION).stream()
            .anyMatch(e -> e.outcome().equals(Outcome.FAILED));
  }

  private void scenario(StringBuilder page, Timeline timeline, int number) {
    List<TimelineEvent> events = timeline.events();
    long end = Math.max(1, events.isEmpty() ? 1 : events.get(events.size() - 1).atMillis());
    long maxLatency = 1;
    for (TimelineEvent event : events) {
      if (event.kind() == Kind.REQUEST) {
        maxLatency = Math.max(maxLatency, event.latencyMillis());
        end = Math.max(end, event.atMillis());
      }
    }
    long requests = events.stream().filter(e -> e.kind() == Kind.REQUEST).count();
    long withinNoise =
        events.stream()
            .filter(e -> e.kind() == Kind.TIMING && e.outcome().equals(Outcome.WITHIN_NOISE))
            .count();
    page.append("<h2 id=\"scenario-")
        .append(number)
        .append("\">")
        .append(number)
        .append(". ")
        .append(escape(timeline.scenario()))
        .append(" <span class=\"")
        .append(failed(timeline) ? "failed\">failed" : "passed\">passed")
        .append("</span></h2><p class=\"meta\">started ")
        .append(escape(timeline.startedAt().toString()))
        .append(", ")
        .append(end)
        .append(" ms, ")
        .append(requests)
        .append(" request(s) recorded; users: ")
        .append(escape(timeline.answers().summary()))
        .append(
            withinNoise == 0
                ? ""
                : ", " + withinNoise + " time(s) over their promise but within the measured noise")
        .append("; machine noise: ")
        .append(escape(timeline.noiseSummary()))
        .append("</p>");
    List<String> kept = new java.util.ArrayList<>();
    for (TimelineEvent event : events) {
      if (event.kind() == Kind.NOTE && event.subject().equals(ScenarioRunner.KEPT_LOG)) {
        kept.add(
            "<a href=\""
                + escape(event.detail())
                + "\">"
                + escape(event.detail().substring(event.detail().lastIndexOf('/') + 1))
                + "</a>");
      }
    }
    if (!kept.isEmpty()) {
      page.append("<p class=\"meta\">kept on failure: ")
          .append(String.join(", ", kept))
          .append("</p>");
    }
    page.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" role=\"img\">");
    page.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP)
        .append("\" width=\"")
        .append(PLOT_W)
        .append("\" height=\"")
        .append(PLOT_H)
        .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
    for (long[] band : spans(events, Kind.FAULT_ON, Kind.FAULT_OFF, end)) {
      band(page, band, end, "rgba(207,34,46,.18)", TOP, PLOT_H);
    }
    breakerBands(page, events, end);
    healthBands(page, events, end);
    for (TimelineEvent event : events) {
      if (event.kind() == Kind.REQUEST) {
        double x = LEFT + PLOT_W * (double) event.atMillis() / end;
        double y = TOP + PLOT_H - PLOT_H * (double) event.latencyMillis() / maxLatency;
        page.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s %d ms %s</title></circle>",
                x,
                y,
                color(event.outcome().label()),
                escape(event.subject()),
                escape(event.outcome().label()),
                event.latencyMillis(),
                escape(event.detail())));
      }
    }
    page.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d ms</text>",
            LEFT - 6,
            TOP + 10,
            maxLatency));
    page.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>",
            LEFT - 6,
            TOP + PLOT_H));
    page.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\">0 s</text>",
            LEFT,
            TOP + PLOT_H + 16));
    page.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.1f s</text>",
            LEFT + PLOT_W,
            TOP + PLOT_H + 16,
            end / 1000.0));
    page.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">time since start; y: request latency</text>",
            LEFT + PLOT_W / 2,
            TOP + PLOT_H + 32));
    page.append("</svg>");
    page.append("<details><summary>")
        .append(events.size() - requests)
        .append(
            " event(s): phases, expectations, faults, breakers, health, calibration, notes</summary>")
        .append(
            "<table><tr><th>at</th><th>what</th><th>subject</th><th>outcome</th><th>detail</th></tr>");
    for (TimelineEvent event : events) {
      if (event.kind() == Kind.REQUEST) {
        continue;
      }
      String css =
          event.outcome().equals(Outcome.FAILED)
              ? "failed"
              : event.outcome().equals(Outcome.PASSED) ? "passed" : "";
      page.append("<tr><td>")
          .append(event.atMillis())
          .append(" ms</td><td>")
          .append(event.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))
          .append("</td><td>")
          .append(escape(event.subject()))
          .append("</td><td class=\"")
          .append(css)
          .append("\">")
          .append(escape(event.outcome().label()))
          .append("</td><td>")
          .append(escape(event.detail()))
          .append("</td></tr>");
    }
    page.append("</table></details><p class=\"meta\"><a href=\"#\">back to the index</a></p>");
  }

  private void breakerBands(StringBuilder page, List<TimelineEvent> events, long end) {
    Map<String, TimelineEvent> open = new LinkedHashMap<>();
    List<Object[]> bands = new ArrayList<>();
    for (TimelineEvent event : events) {
      if (event.kind() != Kind.BREAKER) {
        continue;
      }
      TimelineEvent previous = open.put(event.subject(), event);
      if (previous != null && banded(previous)) {
        bands.add(new Object[] {previous, event.atMillis()});
      }
    }
    for (TimelineEvent last : open.values()) {
      if (banded(last)) {
        bands.add(new Object[] {last, end});
      }
    }
    for (Object[] band : bands) {
      TimelineEvent from = (TimelineEvent) band[0];
      String fill =
          from.outcome().label().equals("HALF_OPEN")
              ? "rgba(255,215,0,.45)"
              : "rgba(255,140,0,.35)";
      band(page, new long[] {from.atMillis(), (Long) band[1]}, end, fill, TOP + PLOT_H - 14, 14);
    }
  }

  /**
   * Whether a breaker state is drawn: OPEN (and Resilience4j's FORCED_OPEN) and HALF_OPEN; any
   * other state (CLOSED, DISABLED, a system that is not running) ends a band.
   */
  private static boolean banded(TimelineEvent breaker) {
    return List.of("OPEN", "FORCED_OPEN", "HALF_OPEN").contains(breaker.outcome().label());
  }

  private void healthBands(StringBuilder page, List<TimelineEvent> events, long end) {
    TimelineEvent current = null;
    for (TimelineEvent event : events) {
      if (event.kind() != Kind.HEALTH) {
        continue;
      }
      if (current != null && !current.outcome().label().equals("UP")) {
        band(
            page,
            new long[] {current.atMillis(), event.atMillis()},
            end,
            "rgba(120,120,120,.25)",
            TOP,
            10);
      }
      current = event;
    }
    if (current != null && !current.outcome().label().equals("UP")) {
      band(page, new long[] {current.atMillis(), end}, end, "rgba(120,120,120,.25)", TOP, 10);
    }
  }

  private static List<long[]> spans(List<TimelineEvent> events, Kind on, Kind off, long end) {
    Map<String, Long> started = new LinkedHashMap<>();
    List<long[]> spans = new ArrayList<>();
    for (TimelineEvent event : events) {
      if (event.kind() == on) {
        started.put(event.subject(), event.atMillis());
      } else if (event.kind() == off && started.containsKey(event.subject())) {
        spans.add(new long[] {started.remove(event.subject()), event.atMillis()});
      }
    }
    started.values().forEach(from -> spans.add(new long[] {from, end}));
    return spans;
  }

  private static void band(
      StringBuilder page, long[] span, long end, String fill, int y, int height) {
    double x = LEFT + PLOT_W * (double) span[0] / end;
    double width = Math.max(1, PLOT_W * (double) (span[1] - span[0]) / end);
    page.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
            x,
            y,
            width,
            height,
            fill));
  }

  private static String color(String outcome) {
    switch (outcome) {
      case "ok":
        return "#1a7f37";
      case "degraded":
        return "#d4a72c";
      default:
        return "#cf222e";
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
