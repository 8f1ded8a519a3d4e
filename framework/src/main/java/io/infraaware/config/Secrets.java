package io.infraaware.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Masks secrets before anything is printed: passwords, tokens, and the user-info of URLs.
 *
 * @since 0.1.0
 */
public final class Secrets {

  /** What a masked secret looks like. */
  public static final String MASK = "****";

  // "user:password@" runs to the last '@' of a token, so an unencoded '@' or '/' in a password is
  // masked whole (a port such as "host:8080/" or "host:8080?" is not a password); otherwise the
  // user-info runs to the last '@' of the authority.
  private static final Pattern USER_INFO =
      Pattern.compile("(?<=://)(?:[^\\s/@:]*:(?!\\d+(?:[/?#]|$))\\S*@|[^\\s/?#]*@)");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)((?:password|passwd|pwd|token|secret|api[-_]?key|access[-_]?key)=)[^&;\\s]*");

  private Secrets() {}

  /**
   * Masks user-info and secret query parameters in a URL or any text that may contain one.
   *
   * <p>{@code redis://:s3cret@127.0.0.1:6379} becomes {@code redis://****@127.0.0.1:6379}; {@code
   * jdbc:postgresql://h/db?password=x} becomes {@code jdbc:postgresql://h/db?password=****}.
   *
   * @param text the text, may be null
   * @return the masked text, or null when {@code text} was null
   */
  public static String maskUrl(String text) {
    if (text == null) {
      return null;
    }
    String masked = USER_INFO.matcher(text).replaceAll(MASK + "@");
    return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
  }

  /**
   * Masks a configuration value: wholly for secret keys, URL secrets for everything else.
   *
   * @param key the configuration key
   * @param value the value, may be null
   * @return the value safe to print
   */
  public static String mask(String key, String value) {
    if (value == null) {
      return null;
    }
    return isSecretKey(key) ? MASK : maskUrl(value);
  }

  /**
   * Whether a key holds a secret as a whole (a password, token or key).
   *
   * @param key the configuration key
   * @return true for keys ending in password, token, secret or key
   */
  public static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return lower.endsWith("password")
        || lower.endsWith("token")
        || lower.endsWith("secret")
        || lower.endsWith("api-key");
  }

  /**
   * Removes every occurrence of known secret values from a text, for messages that quote a driver's
   * exception.
   *
   * @param text the text
   * @param secrets secret values to remove; nulls and blanks are ignored
   * @return the text with each secret replaced by the mask, and URLs masked
   */
  public static String scrub(String text, String... secrets) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        result = result.replace(secret, MASK);
      }
    }
    return maskUrl(result);
  }
}
