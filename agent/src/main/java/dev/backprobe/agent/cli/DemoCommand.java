package dev.backprobe.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code backprobe-agent.jar demo [--out DIR] [--data DIR] [--samples PATH]}: runs every sample of
 * the catalogue under the agent, one forked JVM per run, and prints one table row per run.
 *
 * <p>The samples are found, in this order, at {@code --samples PATH}, at {@code
 * samples/target/classes} or {@code samples/target/backprobe-samples*.jar} under the working
 * directory, and at the same places under the project folder that holds the agent jar
 * ({@code <project>/agent/target/backprobe-agent.jar}). Each run writes to {@code
 * DIR/<seed>-<variant>/}: the agent's {@code findings.json}, {@code trace.json} and {@code
 * report.html}, and the sample's own output as {@code stdout.txt} (and {@code stderr.txt}).
 */
public final class DemoCommand {

  static final Path DEFAULT_OUT = Path.of("target", "backprobe-demo");
  /** Where the catalogue lives on the samples' classpath. */
  static final String CATALOG = "dev/backprobe/samples/catalog.tsv";
  /** Runs at the same time: the reference machine has 2 cores. */
  static final int PARALLEL_RUNS = 2;
  /** A sample finishes in seconds; a run still going after this long is stopped and shown as such. */
  static final long RUN_TIMEOUT_SECONDS = 600;
  /** Every sample ends with this line; the demo's "final loss" column reads it. */
  static final String FINAL_LOSS_PREFIX = "final loss:";

  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|NaN|-?Infinity");
  private static final String USAGE =
      "usage: backprobe-agent.jar demo [--out DIR] [--data DIR] [--samples PATH]";

  private DemoCommand() {}

  /** One line of the catalogue: {@code seed<TAB>variant<TAB>mainClass<TAB>description}. */
  record Entry(String seed, String variant, String mainClass, String description) {
    String folderName() {
      return seed + "-" + variant;
    }
  }

  /** One row of the table. */
  record Row(String sample, String variant, String finalLoss, String verdict, String rules) {}

  /** Parsed command line. */
  record Options(Path out, Path data, Path samples) {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("demo: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (options == null) {
      out.println(USAGE);
      return 0;
    }
    try {
      Path agentJar = agentJar();
      Path samples = options.samples() != null ? options.samples() : findSamples(agentJar);
      List<Entry> entries = readCatalog(samples);
      Files.createDirectories(options.out());
      out.println(
          "Running " + entries.size() + " samples under the agent (" + PARALLEL_RUNS
              + " at a time), output in " + options.out());
      List<Row> rows = runAll(entries, agentJar, samples, options);
      printTable(rows, out);
      return rows.stream().anyMatch(r -> r.verdict().startsWith("failed")) ? 1 : 0;
    } catch (IOException | IllegalStateException e) {
      err.println("demo: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("demo: interrupted");
      return 1;
    }
  }

  /** Parses the options; null means help was asked for. */
  static Options parse(String[] args) {
    Path out = DEFAULT_OUT;
    Path data = null;
    Path samples = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> {
          return null;
        }
        case "--out", "--data", "--samples" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          Path value = Path.of(args[++i]);
          if (arg.equals("--out")) {
            out = value;
          } else if (arg.equals("--data")) {
            data = value;
          } else {
            samples = value;
          }
        }
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    if (out.toString().contains(",")) {
      throw new IllegalArgumentException(
          "--out " + out + ": the folder name may not contain ',' (agent options are comma-separated)");
    }
    if (data != null && !Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data + ": not a folder");
    }
    return new Options(out, data, samples);
  }

  /** The jar this class was loaded from. */
  static Path agentJar() {
    try {
      Path self = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(self)) {
        throw new IllegalStateException(
            "the demo must run from backprobe-agent.jar (loaded from " + self
                + "); build it with: mvn -B -q package -DskipTests");
      }
      return self;
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      throw new IllegalStateException("cannot locate backprobe-agent.jar: " + e);
    }
  }

  /** The samples' classes folder or jar, under the working directory or the agent's project. */
  static Path findSamples(Path agentJar) throws IOException {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of("").toAbsolutePath());
    Path target = agentJar.toAbsolutePath().getParent();
    if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
      roots.add(target.getParent().getParent());
    }
    for (Path root : roots) {
      Path classes = root.resolve("samples/target/classes");
      if (Files.isRegularFile(classes.resolve(CATALOG))) {
        return classes;
      }
      Path jar = samplesJar(root.resolve("samples/target"));
      if (jar != null) {
        return jar;
      }
    }
    throw new IllegalStateException(
        "cannot find the samples (samples/target/classes or samples/target/backprobe-samples*.jar"
            + " under " + roots + "); build them with: mvn -B -q package -DskipTests,"
            + " or pass --samples PATH");
  }

  private static Path samplesJar(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(folder, "backprobe-samples*.jar")) {
      for (Path jar : jars) {
        if (!jar.getFileName().toString().endsWith("-sources.jar")) {
          return jar;
        }
      }
    }
    return null;
  }

  /** Reads the catalogue from the samples' classpath. */
  static List<Entry> readCatalog(Path samples) throws IOException {
    if (!Files.exists(samples)) {
      throw new IllegalStateException(samples + ": no such file or folder");
    }
    URL[] urls = {samples.toUri().toURL()};
    try (URLClassLoader loader = new URLClassLoader(urls, null);
        InputStream in = loader.getResourceAsStream(CATALOG)) {
      if (in == null) {
        throw new IllegalStateException(samples + " holds no " + CATALOG);
      }
      return parseCatalog(new String(in.readAllBytes(), StandardCharsets.UTF_8), samples.toString());
    }
  }

  static List<Entry> parseCatalog(String text, String name) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      if (cells.length != 4 || cells[0].isBlank() || cells[1].isBlank() || cells[2].isBlank()) {
        throw new IllegalStateException(
            name + " " + CATALOG + " line " + (i + 1)
                + ": expected seed<TAB>variant<TAB>mainClass<TAB>description");
      }
      entries.add(new Entry(cells[0].trim(), cells[1].trim(), cells[2].trim(), cells[3].trim()));
    }
    return entries;
  }

  private static List<Row> runAll(List<Entry> entries, Path agentJar, Path samples, Options options)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
    try {
      List<Future<Row>> futures = new ArrayList<>();
      for (Entry entry : entries) {
        futures.add(pool.submit(() -> runOne(entry, agentJar, samples, options)));
      }
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        try {
          rows.add(futures.get(i).get());
        } catch (ExecutionException e) {
          Entry entry = entries.get(i);
          rows.add(new Row(entry.seed(), entry.variant(), "-", "failed: " + e.getCause(), "-"));
        }
      }
      return rows;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Row runOne(Entry entry, Path agentJar, Path samples, Options options)
      throws IOException, InterruptedException {
    Path dir = options.out().resolve(entry.folderName()).toAbsolutePath();
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("findings.json"));
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-javaagent:" + agentJar.toAbsolutePath() + "=out=" + dir);
    command.add("-cp");
    command.add(samples.toAbsolutePath().toString());
    command.add(entry.mainClass());
    if (options.data() != null) {
      command.add("--data");
      command.add(options.data().toAbsolutePath().toString());
    }
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    Integer exit = null;
    if (process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      exit = process.exitValue();
    } else {
      process.destroyForcibly();
    }
    return summarize(entry, dir, exit);
  }

  private static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return Files.isExecutable(java) ? java.toString() : "java";
  }

  /** The table row of one run, from its folder; {@code exit} is null when it timed out. */
  static Row summarize(Entry entry, Path dir, Integer exit) {
    String loss = finalLoss(dir.resolve("stdout.txt"));
    if (exit == null) {
      return new Row(entry.seed(), entry.variant(), loss,
          "failed: timed out after " + RUN_TIMEOUT_SECONDS + " s", "-");
    }
    if (exit != 0) {
      String why = firstLine(dir.resolve("stderr.txt"));
      return new Row(entry.seed(), entry.variant(), loss,
          "failed (exit " + exit + ")" + (why.isEmpty() ? "" : ": " + why), "-");
    }
    Path findings = dir.resolve("findings.json");
    if (!Files.isRegularFile(findings)) {
      return new Row(entry.seed(), entry.variant(), loss, "no findings.json", "-");
    }
    try {
      JsonNode root = new ObjectMapper().readTree(findings.toFile());
      JsonNode list = root == null ? null : root.get("findings");
      if (list == null || !list.isArray()) {
        return new Row(entry.seed(), entry.variant(), loss,
            "unreadable findings.json: no \"findings\" array", "-");
      }
      int errors = 0;
      int warnings = 0;
      int infos = 0;
      Set<String> rules = new LinkedHashSet<>();
      for (JsonNode finding : list) {
        String severity = finding.path("severity").asText("");
        switch (severity) {
          case "error" -> errors++;
          case "warning" -> warnings++;
          default -> infos++;
        }
        String rule = finding.path("rule").asText("");
        if (!rule.isEmpty()) {
          rules.add(rule);
        }
      }
      return new Row(entry.seed(), entry.variant(), loss, verdict(errors, warnings, infos),
          rules.isEmpty() ? "-" : String.join(", ", rules));
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
      return new Row(entry.seed(), entry.variant(), loss, "unreadable findings.json: " + message, "-");
    }
  }

  static String verdict(int errors, int warnings, int infos) {
    if (errors == 0 && warnings == 0) {
      return infos == 0 ? "clean" : "clean (info: " + infos + ")";
    }
    List<String> parts = new ArrayList<>();
    if (errors > 0) {
      parts.add("errors: " + errors);
    }
    if (warnings > 0) {
      parts.add("warnings: " + warnings);
    }
    return String.join(", ", parts);
  }

  /**
   * The run's final loss: the number on its last {@code final loss:} line, else the last number on
   * the last progress line that mentions a loss or cost, else "-".
   */
  static String finalLoss(Path stdout) {
    String finalLine = null;
    String progressLine = null;
    for (String line : readLines(stdout)) {
      String lower = line.toLowerCase(Locale.ROOT).strip();
      if (lower.startsWith(FINAL_LOSS_PREFIX)) {
        finalLine = lastNumber(line.strip().substring(FINAL_LOSS_PREFIX.length()));
      } else if ((lower.contains("loss") || lower.contains("cost"))
          && !lower.contains("exception") && !lower.contains("fatal")) {
        String number = lastNumber(line);
        progressLine = number != null ? number : progressLine;
      }
    }
    String number = finalLine != null ? finalLine : progressLine;
    return number == null ? "-" : format(number);
  }

  private static String lastNumber(String text) {
    Matcher m = NUMBER.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return last;
  }

  private static String format(String number) {
    try {
      double value = Double.parseDouble(number);
      if (!Double.isFinite(value)) {
        return number;
      }
      return String.format(Locale.ROOT, "%.4g", value);
    } catch (NumberFormatException e) {
      return number;
    }
  }

  private static List<String> readLines(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  private static String firstLine(Path file) {
    for (String line : readLines(file)) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  /** Prints the rows as an aligned table. */
  static void printTable(List<Row> rows, PrintStream out) {
    String[] header = {"sample", "variant", "final loss", "verdict", "rules"};
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
    }
    for (Row row : rows) {
      String[] cells = cells(row);
      for (int c = 0; c < cells.length; c++) {
        width[c] = Math.max(width[c], cells[c].length());
      }
    }
    out.println(line(header, width));
    String[] rule = new String[header.length];
    for (int c = 0; c < header.length; c++) {
      rule[c] = "-".repeat(width[c]);
    }
    out.println(line(rule, width));
    for (Row row : rows) {
      out.println(line(cells(row), width));
    }
  }

  private static String[] cells(Row row) {
    return new String[] {row.sample(), row.variant(), row.finalLoss(), row.verdict(), row.rules()};
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      line.append(c == cells.length - 1 ? cells[c] : pad(cells[c], width[c]));
    }
    return line.toString().stripTrailing();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
