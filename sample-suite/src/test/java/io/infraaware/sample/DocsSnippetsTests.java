package io.infraaware.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in the README and {@code docs/} is a region of a source file the build
 * compiles: the line before its block names it ({@code <!-- snippet: path#region -->}), and the
 * block must be the region, character for character. In the source a region lies between {@code //
 * snippet:start region} and {@code // snippet:end region}; lines between {@code // snippet:skip}
 * and {@code // snippet:resume} show as one {@code ...} line.
 *
 * <p>{@code -Ddocs.update=true} rewrites the blocks from their sources instead of failing.
 */
class DocsSnippetsTests {

  private static final Path ROOT =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

  @Test
  void everyJavaSnippetIsARegionOfCompiledCodeAndMatchesIt() throws IOException {
    boolean update = Boolean.getBoolean("docs.update");
    List<String> problems = new ArrayList<>();
    int snippets = 0;
    for (Path page : pages()) {
      List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
      List<String> rewritten = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        rewritten.add(line);
        if (!line.trim().equals("```java")) {
          continue;
        }
        snippets++;
        int end = i + 1;
        while (end < lines.size() && !lines.get(end).trim().equals("```")) {
          end++;
        }
        List<String> block = lines.subList(i + 1, end);
        String where = ROOT.relativize(page) + ":" + (i + 1);
        Matcher marker = MARKER.matcher(i > 0 ? lines.get(i - 1).trim() : "");
        if (!marker.matches()) {
          problems.add(where + ": a Java block without <!-- snippet: path#region --> before it");
          rewritten.addAll(block);
        } else {
          List<String> region = region(marker.group(1), marker.group(2), problems, where);
          if (region != null && !region.equals(block)) {
            if (update) {
              rewritten.addAll(region);
            } else {
              problems.add(
                  where
                      + ": differs from "
                      + marker.group(1)
                      + "#"
                      + marker.group(2)
                      + " (run the test with -Ddocs.update=true to copy the source)\n--- docs\n"
                      + String.join("\n", block)
                      + "\n--- source\n"
                      + String.join("\n", region));
            }
          } else {
            rewritten.addAll(block);
          }
        }
        i = end - 1;
      }
      if (update && !rewritten.equals(lines)) {
        Files.write(page, rewritten, StandardCharsets.UTF_8);
      }
    }
    assertThat(snippets).as("Java snippets found").isPositive();
    assertThat(problems).as("snippets that are not the code they claim to be").isEmpty();
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The region's lines, less their common indentation; null (and a problem) when missing. */
  private static List<String> region(
      String file, String name, List<String> problems, String where) {
    Path source = ROOT.resolve(file);
    if (!Files.exists(source)) {
      problems.add(where + ": names " + file + ", which does not exist");
      return null;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> region = new ArrayList<>();
    boolean inside = false;
    boolean skipping = false;
    boolean found = false;
    for (String line : lines) {
      String trimmed = line.trim();
      if (trimmed.equals("// snippet:start " + name)) {
        inside = true;
        found = true;
      } else if (trimmed.equals("// snippet:end " + name)) {
        inside = false;
      } else if (inside && trimmed.equals("// snippet:skip " + name)) {
        skipping = true;
        region.add(line.substring(0, line.indexOf("//")) + "...");
      } else if (inside && trimmed.equals("// snippet:resume " + name)) {
        skipping = false;
      } else if (inside && !skipping && !trimmed.startsWith("// snippet:")) {
        region.add(line);
      }
    }
    if (!found) {
      problems.add(where + ": " + file + " has no region [" + name + "]");
      return null;
    }
    int indent = Integer.MAX_VALUE;
    for (String line : region) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    List<String> trimmed = new ArrayList<>();
    for (String line : region) {
      trimmed.add(line.isBlank() ? "" : line.substring(indent));
    }
    return trimmed;
  }
}
