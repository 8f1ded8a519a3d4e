package io.infraaware.config.internal;

import io.infraaware.config.InfraConfigurationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
    return parse(key, value, Duration.ZERO, ABSOLUTE_MAX);
  }

  /** The longest duration any key takes: beyond it arithmetic on it could overflow. */
  public static final Duration ABSOLUTE_MAX = Duration.ofDays(7);

  /**
   * Parses a duration that must lie within bounds.
   *
   * @param key the key the value came from, named in the error
   * @param value the text
   * @param min the shortest duration allowed
   * @param max the longest duration allowed
   * @return the duration
   * @throws InfraConfigurationException when the text is not a duration or out of bounds
   */
  public static Duration parse(String key, String value, Duration min, Duration max) {
    String text = value.trim();
    Matcher matcher = WITH_UNIT.matcher(text);
    Duration parsed = null;
    if (text.matches("0+")) {
      // zero needs no unit (infra.probe.reuse-within=0); the bounds below still apply
      parsed = Duration.ZERO;
    } else if (matcher.matches()) {
      // exact decimal arithmetic: 99999999999999d neither overflows nor rounds into range
      BigDecimal nanos =
          new BigDecimal(matcher.group(1))
              .multiply(
                  BigDecimal.valueOf(nanosPerUnit(matcher.group(2).toLowerCase(Locale.ROOT))));
      if (nanos.compareTo(BigDecimal.valueOf(max.toNanos())) > 0) {
        throw outOfBounds(key, value, min, max);
      }
      parsed = Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
    } else if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        Duration iso = Duration.parse(text);
        if (!iso.isNegative()) {
          parsed = iso;
        }
      } catch (DateTimeParseException | ArithmeticException e) {
        // an ISO duration too large for a Duration is out of bounds
        if (text.matches("(?i)P(T?\\d+[DHMS])+") || e instanceof ArithmeticException) {
          throw outOfBounds(key, value, min, max);
        }
      }
    }
    if (parsed == null) {
      throw InfraConfigurationException.invalid(
          key, value, "expected a duration such as 250ms, 2s, 10m or PT2S");
    }
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw outOfBounds(key, value, min, max);
    }
    return parsed;
  }

  private static InfraConfigurationException outOfBounds(
      String key, String value, Duration min, Duration max) {
    return InfraConfigurationException.invalid(
        key,
        value,
        "must be between "
            + (min.isZero() ? "0s" : format(min))
            + " and "
            + format(max)
            + " (see docs/configuration.md)");
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
    if (millis % 86_400_000 == 0) {
      return (millis / 86_400_000) + "d";
    }
    if (millis % 3_600_000 == 0) {
      return (millis / 3_600_000) + "h";
    }
    if (millis % 60_000 == 0) {
      return (millis / 60_000) + "m";
    }
    if (millis % 1000 == 0) {
      return (millis / 1000) + "s";
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000d);
  }

  private static long nanosPerUnit(String unit) {
    switch (unit) {
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      case "h":
        return 3_600_000_000_000L;
      default:
        return 86_400_000_000_000L;
    }
  }
}
