package io.infraaware.config.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Masks secrets before anything is printed: passwords, tokens, user-info and query values.
 *
 * <p>One model, structural, for every text that leaves the library:
 *
 * <ul>
 *   <li>a configured value ({@link #mask}) is printed with none of its user-info (everything up to
 *       its last {@code @}) and none of its query or fragment values, however malformed it is;
 *   <li>a URL inside free text, such as a driver's message ({@link #maskUrl}), loses everything up
 *       to the last {@code @} on its line, and every query value;
 *   <li>a known secret ({@link #scrub}) is removed with every run of 4 or more of its consecutive
 *       characters, so a prefix a server cut (PostgreSQL cuts role names at 63 bytes) goes too; a
 *       secret shorter than 4 characters is never replaced as a literal (that would reveal it),
 *       only where it stands as a value: quoted, bracketed, after {@code =} or between {@code :}
 *       and {@code @}.
 * </ul>
 *
 * <p>Control characters in printed values are escaped ({@code \n}), so a value cannot forge log
 * lines.
 *
 * @since 0.1.0
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Secrets {

  /** What a masked secret looks like. */
  public static final String MASK = "****";

  /** How many consecutive characters of a secret count as revealing it. */
  public static final int REVEALING_RUN = 4;

  private static final Pattern SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,64}");

  // Driver options whose values are printed when they are plain words: they hold no secret and a
  // user needs to see them (sslmode=verify-full). Every other query value is masked.
  private static final Set<String> SAFE_PARAMETERS =
      Set.of(
          "sslmode",
          "ssl",
          "sslMode",
          "useSSL",
          "tls",
          "connectTimeout",
          "socketTimeout",
          "loginTimeout",
          "currentSchema",
          "serverTimezone",
          "characterEncoding",
          "allowPublicKeyRetrieval",
          "heartbeat",
          "timeout");
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  // Secrets of the configured services, for texts that do not know which service they are about
  // (the chaos report, a child process's output, logged exceptions). Bounded: a run has few.
  // The most recently configured win when there are more than MAX_KNOWN (a long test JVM).
  private static final int MAX_KNOWN = 256;
  private static final Set<String> KNOWN =
      java.util.Collections.newSetFromMap(
          java.util.Collections.synchronizedMap(
              new java.util.LinkedHashMap<String, Boolean>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                  return size() > MAX_KNOWN;
                }
              }));

  private Secrets() {}

  /**
   * Masks user-info and query values of every URL in a text that may contain URLs.
   *
   * <p>{@code redis://:s3cret@127.0.0.1:6379} becomes {@code redis://****@127.0.0.1:6379}; {@code
   * jdbc:postgresql://h/db?password=x} becomes {@code jdbc:postgresql://h/db?password=****}. It
   * cannot tell a password holding {@code /}, {@code ?} or {@code #} from a path, so it masks up to
   * the last {@code @} of the line: {@code http://h:8080/a@b} becomes {@code http://****@b}.
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
    while (copied < text.length() && scheme.find(copied)) {
      int start = scheme.end();
      out.append(text, copied, start);
      int lineEnd = lineEnd(text, start);
      int nextScheme = scheme.find(start) ? scheme.start() : text.length();
      int regionEnd = Math.min(lineEnd, nextScheme);
      int position = start;
      if (text.startsWith(MASK + "@", start)) {
        out.append(MASK).append('@');
        position = start + MASK.length() + 1;
      } else {
        int at = text.lastIndexOf('@', regionEnd - 1);
        if (at >= start) {
          out.append(MASK).append('@');
          position = at + 1;
        }
      }
      // host, path, then the query: every value masked; the URL ends at whitespace or a quote
      int urlEnd = position;
      while (urlEnd < regionEnd && !endsUrl(text.charAt(urlEnd))) {
        urlEnd++;
      }
      copied = maskFreeQuery(text, position, urlEnd, out);
    }
    out.append(text, Math.min(copied, text.length()), text.length());
    return out.toString();
  }

  /**
   * Copies host and path, then the query with every value masked; a value runs to '&', '#' or a
   * closing bracket. Returns where the URL ended.
   */
  private static int maskFreeQuery(String text, int from, int end, StringBuilder out) {
    int i = from;
    while (i < end && text.charAt(i) != '?' && text.charAt(i) != '#') {
      out.append(text.charAt(i++));
    }
    while (i < end) {
      char c = text.charAt(i);
      if (c == ']' || c == ')' || c == ',') {
        return i;
      }
      out.append(c);
      i++;
      if (c == '#' || c == '=') {
        out.append(MASK);
        while (i < end && !endsValue(text.charAt(i), c == '#')) {
          i++;
        }
      }
    }
    return i;
  }

  private static boolean endsValue(char c, boolean fragment) {
    return c == ']' || c == ')' || c == ',' || !fragment && (c == '&' || c == '#');
  }

  private static int lineEnd(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return text.length();
  }

  private static boolean endsUrl(char c) {
    return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>';
  }

  /**
   * Masks every query value and the fragment of a path or URL without user-info: {@code
   * /health?token=abc&x=1} becomes {@code /health?token=****&x=****}.
   *
   * @param text the path, possibly with a query and fragment
   * @return the path with its query values masked
   */
  public static String maskQuery(String text) {
    int question = text.indexOf('?');
    int hash = text.indexOf('#');
    int start = question < 0 ? hash : (hash < 0 ? question : Math.min(question, hash));
    if (start < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.substring(0, start));
    if (text.charAt(start) == '#') {
      return out.append('#').append(MASK).toString();
    }
    int queryEnd = hash > start ? hash : text.length();
    String query = text.substring(start + 1, queryEnd);
    out.append('?');
    if (!query.isEmpty()) {
      StringBuilder masked = new StringBuilder();
      boolean plain = true;
      for (String pair : query.split("&", -1)) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        if (equals < 0 || !PARAMETER_NAME.matcher(name).matches()) {
          plain = false;
          break;
        }
        String value = pair.substring(equals + 1);
        masked
            .append(masked.length() == 0 ? "" : "&")
            .append(name)
            .append('=')
            .append(
                SAFE_PARAMETERS.contains(name) && SAFE_VALUE.matcher(value).matches()
                    ? value
                    : MASK);
      }
      // a query that is not name=value pairs (an unencoded '&' in a value) shows no names either
      out.append(plain ? masked : MASK);
    }
    if (hash > start) {
      out.append('#').append(MASK);
    }
    return out.toString();
  }

  /**
   * Masks a configuration value: wholly for secret keys; otherwise without user-info, query and
   * fragment values, and with control characters escaped. Works on any text, parsable or not.
   *
   * @param key the configuration key
   * @param value the value, may be null
   * @return the value safe to print
   */
  public static String mask(String key, String value) {
    if (value == null) {
      return null;
    }
    if (isSecretKey(key)) {
      return MASK;
    }
    return escape(maskValue(value));
  }

  /**
   * Masks a value that may be a URL, malformed or not: everything up to its last {@code @} and
   * every query and fragment value.
   */
  private static String maskValue(String value) {
    Matcher scheme = SCHEME.matcher(value);
    String prefix = "";
    String rest = value;
    if (scheme.lookingAt()) {
      prefix = value.substring(0, scheme.end());
      rest = value.substring(scheme.end());
    } else if (value.regionMatches(true, 0, "jdbc:", 0, 5)) {
      int slashes = value.indexOf("//");
      if (slashes > 0) {
        prefix = value.substring(0, slashes + 2);
        rest = value.substring(slashes + 2);
      }
    }
    int at = rest.lastIndexOf('@');
    int query = indexOfAny(rest, "?#");
    if (at >= 0 && query >= 0 && at > query) {
      // an '@' after a '?' or '#': user-info cannot be told from the query, so show neither
      return prefix + MASK;
    }
    if (at >= 0) {
      rest = MASK + rest.substring(at);
    }
    return prefix + maskQuery(rest);
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Escapes control characters, so a printed value stays on its line.
   *
   * @param text the text
   * @return the text with {@code \n}, {@code \r}, {@code \t} and other controls escaped
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (out == null) {
          out = new StringBuilder(text.substring(0, i));
        }
        switch (c) {
          case '\n':
            out.append("\\n");
            break;
          case '\r':
            out.append("\\r");
            break;
          case '\t':
            out.append("\\t");
            break;
          default:
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
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
   * Whether printing {@code text} would reveal {@code secret}: it holds the secret, or 4 of its
   * consecutive characters, or (for a secret shorter than 4) the secret is part of it.
   *
   * @param text the text to print, e.g. a user name
   * @param secret the secret, may be null
   * @return true when the text must be masked
   */
  public static boolean reveals(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) {
      return false;
    }
    if (secret.length() < REVEALING_RUN) {
      return text.contains(secret);
    }
    for (int i = 0; i + REVEALING_RUN <= secret.length(); i++) {
      if (text.contains(secret.substring(i, i + REVEALING_RUN))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes known secrets from a text, for messages that quote a driver, a server or a process, and
   * masks URLs.
   *
   * @param text the text
   * @param secrets secret values to remove; nulls and empties are ignored
   * @return the text with each secret (and each run of 4 of its characters) masked, URLs masked
   */
  public static String scrub(String text, String... secrets) {
    return maskUrl(removeSecrets(text, secrets));
  }

  /**
   * Removes known secrets from a text whose URLs are masked already.
   *
   * @param text the text, may be null
   * @param secrets secret values to remove; nulls and empties are ignored
   * @return the text with each secret (and each run of 4 of its characters) masked
   */
  public static String removeSecrets(String text, String... secrets) {
    if (text == null) {
      return null;
    }
    // every long secret's runs of 4 at once, so that two secrets that share characters leave one
    // mask, not two side by side
    Set<String> runs = new HashSet<>();
    List<String> shortOnes = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null || secret.isEmpty()) {
        continue;
      }
      if (secret.length() < REVEALING_RUN) {
        shortOnes.add(secret);
      }
      for (int i = 0; i + REVEALING_RUN <= secret.length(); i++) {
        runs.add(secret.substring(i, i + REVEALING_RUN));
      }
    }
    String result = removeRuns(text, runs);
    for (String secret : shortOnes) {
      result = removeShort(result, secret);
    }
    return result;
  }

  private static String removeRuns(String text, Set<String> runs) {
    if (runs.isEmpty()) {
      return text;
    }
    boolean[] masked = new boolean[text.length()];
    boolean any = false;
    for (int i = 0; i + REVEALING_RUN <= text.length(); i++) {
      if (runs.contains(text.substring(i, i + REVEALING_RUN))) {
        for (int j = i; j < i + REVEALING_RUN; j++) {
          masked[j] = true;
        }
        any = true;
      }
    }
    if (!any) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!masked[i]) {
        out.append(text.charAt(i));
      } else if ((i == 0 || !masked[i - 1]) && !endsWithMask(out)) {
        out.append(MASK);
      }
    }
    return out.toString();
  }

  private static boolean endsWithMask(StringBuilder text) {
    return text.length() >= MASK.length()
        && text.substring(text.length() - MASK.length()).equals(MASK);
  }

  private static String removeShort(String text, String secret) {
    // A short secret is masked only where it stands as a value, never as a literal everywhere.
    String result = text;
    for (String[] frame : SHORT_FRAMES) {
      result = result.replace(frame[0] + secret + frame[1], frame[0] + MASK + frame[1]);
    }
    for (String after : List.of("&", "#", " ", "\n", ",", ";", ")")) {
      result = result.replace("=" + secret + after, "=" + MASK + after);
    }
    if (result.endsWith("=" + secret)) {
      result = result.substring(0, result.length() - secret.length()) + MASK;
    }
    return result;
  }

  private static final String[][] SHORT_FRAMES = {
    {"\"", "\""}, {"'", "'"}, {"[", "]"}, {"(", ")"}, {"<", ">"}, {":", "@"}, {"\u201c", "\u201d"}
  };

  /**
   * Remembers a configured secret, so that texts that do not know their service are scrubbed of it
   * too ({@link #scrubKnown}).
   *
   * @param secret a password or token; null and empty are ignored
   */
  public static void remember(String secret) {
    if (secret != null && !secret.isEmpty()) {
      KNOWN.remove(secret);
      KNOWN.add(secret);
    }
  }

  /**
   * Scrubs every secret configured in this JVM from a text, and masks its URLs: for the chaos
   * report, a child process's output and logged exceptions.
   *
   * @param text the text, may be null
   * @return the scrubbed text
   */
  public static String scrubKnown(String text) {
    if (text == null) {
      return null;
    }
    List<String> known;
    synchronized (KNOWN) {
      known = new ArrayList<>(KNOWN);
    }
    return scrub(text, known.toArray(String[]::new));
  }
}
