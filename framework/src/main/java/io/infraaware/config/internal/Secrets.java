package io.infraaware.config.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Masks secrets before anything is printed: passwords, tokens, and the user-info of URLs.
 *
 * <p>Two lines of defence: where the secret is known (a configured password), every occurrence of
 * it is replaced ({@link #scrub}); where it is not (a URL inside a driver's message), anything that
 * may be user-info or a secret parameter is masked ({@link #maskUrl}), erring towards masking too
 * much.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Secrets {

  /** What a masked secret looks like. */
  public static final String MASK = "****";

  // A secret query or connection parameter; its value runs to the next '&', '#' or whitespace, so
  // that a ';' or an encoded '&' inside a password is masked with the rest of it.
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)((?<![a-z])(?:password|passwd|pwd|token|auth[-_]?token|access[-_]?token|secret"
              + "|client[-_]?secret|api[-_]?key|access[-_]?key|sslpassword)=)[^&#\\s]*");

  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");

  private Secrets() {}

  /**
   * Masks user-info and secret parameters in a URL or in any text that may contain URLs.
   *
   * <p>{@code redis://:s3cret@127.0.0.1:6379} becomes {@code redis://****@127.0.0.1:6379}; {@code
   * jdbc:postgresql://h/db?password=x} becomes {@code jdbc:postgresql://h/db?password=****}. When
   * it cannot tell a password containing {@code /} or {@code @} from a path, it masks: {@code
   * http://h:8080/a@b} becomes {@code http://****@b}.
   *
   * @param text the text, may be null
   * @return the masked text, or null when {@code text} was null
   */
  public static String maskUrl(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    Matcher scheme = SCHEME.matcher(text);
    int copied = 0;
    while (scheme.find(copied)) {
      int start = scheme.end();
      int userInfoEnd = userInfoEnd(text, start);
      out.append(text, copied, start);
      if (userInfoEnd < 0) {
        copied = start;
        continue;
      }
      out.append(MASK).append('@');
      copied = userInfoEnd + 1;
    }
    out.append(text.substring(copied));
    return SECRET_PARAMETER.matcher(out).replaceAll("$1" + MASK);
  }

  /**
   * Where the user-info of the URL starting at {@code start} ends (the index of its '@'), or -1.
   */
  private static int userInfoEnd(String text, int start) {
    int tokenEnd = start;
    while (tokenEnd < text.length()
        && !Character.isWhitespace(text.charAt(tokenEnd))
        && text.charAt(tokenEnd) != '?'
        && text.charAt(tokenEnd) != '#'
        && !text.startsWith("://", tokenEnd)) {
      tokenEnd++;
    }
    int at = text.lastIndexOf('@', tokenEnd - 1);
    if (at >= start) {
      return at;
    }
    // A password with spaces: "user:pa ss@host". Only when the first word is "user:secret" (not
    // "host:port") and an '@' follows within the line.
    String firstWord = text.substring(start, tokenEnd);
    int colon = firstWord.indexOf(':');
    if (colon < 0
        || firstWord.indexOf('/') >= 0
        || firstWord.substring(colon + 1).matches("\\d*")
        || tokenEnd >= text.length()
        || text.charAt(tokenEnd) != ' ') {
      return -1;
    }
    int lineEnd = text.indexOf('\n', tokenEnd);
    int searchEnd = lineEnd < 0 ? text.length() : lineEnd;
    int next = text.indexOf('@', tokenEnd);
    int nextScheme = text.indexOf("://", tokenEnd);
    if (next < 0 || next >= searchEnd || (nextScheme >= 0 && nextScheme < next)) {
      return -1;
    }
    return next;
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
   * exception, and masks URLs.
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
    // longest first, so that a secret containing another is masked whole
    String[] known =
        Arrays.stream(secrets)
            .filter(Objects::nonNull)
            .filter(secret -> !secret.isBlank())
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toArray(String[]::new);
    for (String secret : known) {
      result = result.replace(secret, MASK);
    }
    return maskUrl(result);
  }
}
