package io.infraaware.config.internal;

import io.infraaware.config.InfraConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Parses durations written as people write them in properties files.
 *
 * <p>Accepted: a number with a unit ({@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 10m}, {@code
 * 1h}) or an ISO-8601 duration ({@code PT2S}). A bare number is rejected because its unit would be
 * a guess.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Durations {

  private static final Pattern WITH_UNIT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param key the key the value came from, named in the error
   * @param value the text
   * @return the duration, never negative
   * @throws InfraConfigurationException when the text is not a duration
   */
  public static Duration parse(String key, String value) {
    String text = value.trim();
    Matcher matcher = WITH_UNIT.matcher(text);
    if (matcher.matches()) {
      double amount = Double.parseDouble(matcher.group(1));
      double millisPerUnit = millisPerUnit(matcher.group(2).toLowerCase(Locale.ROOT));
      return Duration.ofNanos(Math.round(amount * millisPerUnit * 1_000_000d));
    }
    if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        Duration parsed = Duration.parse(text);
        if (!parsed.isNegative()) {
          return parsed;
        }
      } catch (DateTimeParseException e) {
        // fall through to the error below, which says what is accepted
      }
    }
    throw InfraConfigurationException.invalid(
        key, value, "expected a duration such as 250ms, 2s, 10m or PT2S");
  }

  /**
   * Formats a duration for people: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 10m}.
   *
   * @param duration the duration
   * @return a short text
   */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 60_000 == 0) {
      return (millis / 60_000) + "m";
    }
    if (millis % 1000 == 0) {
      return (millis / 1000) + "s";
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000d);
  }

  private static double millisPerUnit(String unit) {
    switch (unit) {
      case "ms":
        return 1;
      case "s":
        return 1000;
      case "m":
        return 60_000;
      case "h":
        return 3_600_000;
      default:
        return 86_400_000;
    }
  }
}
