import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged release against Maven Central's published requirements, before anyone uploads it.
 *
 * <p>{@code java .ci/StagingCheck.java STAGING GROUP_ID VERSION ARTIFACT_ID:PACKAGING...}: STAGING is
 * a directory laid out as a Maven repository (the release profile deploys there). For each expected
 * artifact: a release version; the POM, and for a jar the jar, its sources jar and its javadoc jar;
 * every file with a {@code .asc} signature that gpg verifies and {@code .md5} and {@code .sha1}
 * checksums that match; the POM's name, and its description, url, licenses, developers and scm (its
 * own or inherited from a staged parent, as Maven inherits them). Beyond Central: every main jar names
 * its automatic module and carries the licence, and nothing but the expected artifacts is staged.
 * Exits 1 and lists every problem when one is found.
 */
public final class StagingCheck {

  private static final Set<String> SIDE_FILES = Set.of(".asc", ".md5", ".sha1", ".sha256", ".sha512");

  private final Path staging;
  private final String groupId;
  private final String version;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> signers = new TreeSet<>();
  private final String gpg = Optional.ofNullable(System.getenv("GPG")).orElse("gpg");

  private StagingCheck(Path staging, String groupId, String version) {
    this.staging = staging;
    this.groupId = groupId;
    this.version = version;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: java StagingCheck.java STAGING GROUP_ID VERSION ARTIFACT_ID:PACKAGING...");
      System.exit(2);
    }
    StagingCheck check = new StagingCheck(Path.of(args[0]), args[1], args[2]);
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      String[] parts = args[i].split(":", 2);
      expected.put(parts[0], parts.length > 1 ? parts[1] : "jar");
    }
    check.run(expected);
  }

  private void run(Map<String, String> expected) throws Exception {
    System.out.printf("Staged release check: %s %s in %s%n", groupId, version, staging);
    if (version.endsWith("-SNAPSHOT")) {
      problems.add("version " + version + " is a snapshot: Maven Central takes releases only");
    }
    Path group = staging.resolve(groupId.replace('.', '/'));
    if (Files.isDirectory(group)) {
      try (Stream<Path> staged = Files.list(group)) {
        staged
            .filter(Files::isDirectory)
            .map(p -> p.getFileName().toString())
            .filter(a -> !expected.containsKey(a))
            .forEach(a -> problems.add(a + " is staged but is not meant to be published"));
      }
    }
    int files = 0;
    for (Map.Entry<String, String> artifact : expected.entrySet()) {
      files += checkArtifact(artifact.getKey(), artifact.getValue());
    }
    if (problems.isEmpty()) {
      System.out.printf(
          "OK: %d artifacts, %d files, each signed (by %s) with matching .md5 and .sha1%n",
          expected.size(), files, String.join(", ", signers));
      return;
    }
    System.out.printf("FAILED: %d problems%n", problems.size());
    problems.forEach(p -> System.out.println("  - " + p));
    System.exit(1);
  }

  private int checkArtifact(String artifactId, String packaging) throws Exception {
    Path dir = staging.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version);
    if (!Files.isDirectory(dir)) {
      problems.add(artifactId + ": nothing staged (" + dir + ")");
      return 0;
    }
    String base = artifactId + "-" + version;
    List<String> required = new ArrayList<>(List.of(base + ".pom"));
    if (packaging.equals("jar")) {
      required.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar"));
    }
    for (String name : required) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        problems.add(artifactId + ": " + name + " is missing");
      }
    }
    List<Path> primaries;
    try (Stream<Path> all = Files.list(dir)) {
      primaries = all.filter(p -> !isSideFile(p)).sorted().toList();
    }
    for (Path file : primaries) {
      checkChecksums(file, true);
      // Central asks for none on signatures (Maven 3.9 writes none); any that is there must match
      checkChecksums(Path.of(file + ".asc"), false);
      checkSignature(file);
    }
    Path pom = dir.resolve(base + ".pom");
    if (Files.isRegularFile(pom)) {
      checkPom(artifactId, pom);
    }
    Path jar = dir.resolve(base + ".jar");
    if (packaging.equals("jar") && Files.isRegularFile(jar)) {
      checkJar(artifactId, jar);
      checkHasEntry(artifactId, dir.resolve(base + "-sources.jar"), ".java");
      checkHasEntry(artifactId, dir.resolve(base + "-javadoc.jar"), "index.html");
    }
    System.out.printf(
        "  %-24s %s: %s%n",
        artifactId,
        packaging,
        primaries.stream().map(p -> p.getFileName().toString()).toList());
    return primaries.size();
  }

  private static boolean isSideFile(Path p) {
    String name = p.getFileName().toString();
    return SIDE_FILES.stream().anyMatch(name::endsWith);
  }

  private void checkChecksums(Path file, boolean required)
      throws IOException, NoSuchAlgorithmException {
    if (!Files.isRegularFile(file)) {
      return; // a missing signature is reported by checkSignature
    }
    byte[] content = Files.readAllBytes(file);
    for (String algorithm : List.of("MD5", "SHA-1")) {
      Path sum = Path.of(file + "." + algorithm.replace("-", "").toLowerCase());
      if (!Files.isRegularFile(sum)) {
        if (required) {
          problems.add(staging.relativize(sum) + " is missing");
        }
        continue;
      }
      String recorded = Files.readString(sum, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
      String actual =
          HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
      if (!recorded.equalsIgnoreCase(actual)) {
        problems.add(staging.relativize(sum) + " does not match the file (" + recorded + ")");
      }
    }
  }

  private void checkSignature(Path file) throws IOException, InterruptedException {
    Path asc = Path.of(file + ".asc");
    if (!Files.isRegularFile(asc)) {
      problems.add(staging.relativize(asc) + " is missing");
      return;
    }
    Process gpgVerify =
        new ProcessBuilder(
                gpg, "--batch", "--status-fd", "1", "--verify", asc.toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    String status = readAll(gpgVerify.getInputStream());
    if (!gpgVerify.waitFor(60, TimeUnit.SECONDS)) {
      gpgVerify.destroyForcibly();
      problems.add(staging.relativize(asc) + ": gpg did not answer within 60 s");
      return;
    }
    Matcher valid = Pattern.compile("\\[GNUPG:] VALIDSIG (\\w+)").matcher(status);
    if (gpgVerify.exitValue() != 0 || !status.contains("[GNUPG:] GOODSIG") || !valid.find()) {
      problems.add(
          staging.relativize(asc)
              + ": gpg does not verify it: "
              + status.lines().filter(l -> !l.startsWith("[GNUPG:]")).toList());
      return;
    }
    signers.add(valid.group(1));
  }

  private void checkPom(String artifactId, Path pom) throws Exception {
    Element project = parse(pom);
    String where = artifactId + " POM";
    if (!artifactId.equals(text(project, "artifactId").orElse(""))) {
      problems.add(where + ": artifactId is not " + artifactId);
    }
    String pomVersion =
        text(project, "version").or(() -> parentText(project, "version")).orElse("");
    if (!version.equals(pomVersion)) {
      problems.add(where + ": version is [" + pomVersion + "], not " + version);
    }
    String pomGroup =
        text(project, "groupId").or(() -> parentText(project, "groupId")).orElse("");
    if (!groupId.equals(pomGroup)) {
      problems.add(where + ": groupId is [" + pomGroup + "], not " + groupId);
    }
    if (text(project, "name").isEmpty()) {
      problems.add(where + ": no name");
    }
    Inherited inherited = new Inherited(project);
    for (String field : List.of("description", "url")) {
      if (inherited.text(field).isEmpty()) {
        problems.add(where + ": no " + field + ", neither its own nor a staged parent's");
      }
    }
    if (inherited.url().filter(u -> u.endsWith("/" + artifactId)).isPresent()) {
      problems.add(where + ": url " + inherited.url().get() + " has the artifactId appended");
    }
    Optional<Element> license = inherited.child("licenses").flatMap(l -> child(l, "license"));
    if (license.isEmpty()
        || text(license.get(), "name").isEmpty()
        || text(license.get(), "url").isEmpty()) {
      problems.add(where + ": no license with a name and a url");
    }
    Optional<Element> developer = inherited.child("developers").flatMap(d -> child(d, "developer"));
    if (developer.isEmpty() || text(developer.get(), "name").isEmpty()) {
      problems.add(where + ": no developer with a name");
    }
    Optional<Element> scm = inherited.child("scm");
    for (String field : List.of("connection", "developerConnection", "url")) {
      if (scm.flatMap(s -> text(s, field)).isEmpty()) {
        problems.add(where + ": no scm " + field);
      }
    }
    if (Files.readString(pom).contains("${revision}")) {
      problems.add(where + ": still says ${revision} (the published POM must name the version)");
    }
  }

  /** A staged POM with the parents it names, read as Maven inherits the metadata Central asks for. */
  private final class Inherited {
    private final List<Element> chain = new ArrayList<>();

    Inherited(Element project) throws Exception {
      Element current = project;
      chain.add(current);
      while (true) {
        Optional<Element> parent = StagingCheck.child(current, "parent");
        if (parent.isEmpty()) {
          return;
        }
        String g = StagingCheck.text(parent.get(), "groupId").orElse("");
        String a = StagingCheck.text(parent.get(), "artifactId").orElse("");
        String v = StagingCheck.text(parent.get(), "version").orElse("");
        Path parentPom =
            staging.resolve(g.replace('.', '/')).resolve(a).resolve(v).resolve(a + "-" + v + ".pom");
        if (!Files.isRegularFile(parentPom)) {
          problems.add(
              StagingCheck.text(project, "artifactId").orElse("?") + " POM: its parent " + g + ":" + a + ":" + v
                  + " is not staged");
          return;
        }
        current = parse(parentPom);
        chain.add(current);
      }
    }

    Optional<String> text(String field) {
      return chain.stream().map(e -> StagingCheck.text(e, field)).flatMap(Optional::stream).findFirst();
    }

    Optional<Element> child(String field) {
      return chain.stream().map(e -> StagingCheck.child(e, field)).flatMap(Optional::stream).findFirst();
    }

    /** The project url, with Maven's appending of the artifactId for each level that inherits it. */
    Optional<String> url() {
      StringBuilder appended = new StringBuilder();
      for (int i = 0; i < chain.size(); i++) {
        Element level = chain.get(i);
        Optional<String> own = StagingCheck.text(level, "url");
        if (own.isPresent()) {
          return Optional.of(own.get() + appended);
        }
        if (i + 1 < chain.size()
            && !"false".equals(chain.get(i + 1).getAttribute("child.project.url.inherit.append.path"))) {
          appended.insert(0, "/" + StagingCheck.text(level, "artifactId").orElse("?"));
        }
      }
      return Optional.empty();
    }
  }

  private void checkJar(String artifactId, Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String name =
          manifest == null ? null : manifest.getMainAttributes().getValue("Automatic-Module-Name");
      if (name == null || !SourceVersion.isName(name)) {
        problems.add(artifactId + ": the jar's Automatic-Module-Name is [" + name + "]");
      }
      if (file.getEntry("META-INF/LICENSE") == null) {
        problems.add(artifactId + ": the jar has no META-INF/LICENSE");
      }
    }
  }

  private void checkHasEntry(String artifactId, Path jar, String suffix) throws IOException {
    if (!Files.isRegularFile(jar)) {
      return; // reported as missing
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      if (file.stream().noneMatch(e -> e.getName().endsWith(suffix))) {
        problems.add(artifactId + ": " + jar.getFileName() + " has no " + suffix);
      }
    }
  }

  private static Element parse(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(false);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    return document.getDocumentElement();
  }

  private static Optional<Element> child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> text(Element parent, String name) {
    return child(parent, name).map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty());
  }

  private static Optional<String> parentText(Element project, String name) {
    return child(project, "parent").flatMap(p -> text(p, name));
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
