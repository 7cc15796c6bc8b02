package dev.backprobe.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal Chrome DevTools Protocol client for the browser test: starts headless Chromium with a
 * debugging port, talks to it over the JDK's own {@link WebSocket} with Jackson for JSON (both
 * already on the test class path), records console errors, exceptions and failed loads, and takes
 * screenshots. No Selenium or Playwright: they would bring large dependencies (and Playwright a
 * browser download) for the five commands used here.
 */
public final class CdpClient implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final ObjectMapper json = new ObjectMapper();
  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
  private String session;

  private CdpClient(Process process, String url) throws Exception {
    this.process = process;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(url), new Listener())
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Starts Chromium with the flags the brief requires plus a debugging port, and connects. */
  /**
   * The headless browser to use: {@code BACKPROBE_CHROMIUM}, else the first of chromium,
   * chromium-browser, google-chrome on the PATH.
   */
  public static Optional<String> locateChromium() {
    String configured = System.getenv("BACKPROBE_CHROMIUM");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return Optional.of(configured);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }

  public static CdpClient launch(String chromium, Path userDataDir) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + userDataDir,
        "--remote-debugging-port=0", "--hide-scrollbars", "about:blank"));
    Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    String url = awaitUrl(process);
    return new CdpClient(process, url);
  }

  private static String awaitUrl(Process process) throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    StringBuilder log = new StringBuilder();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          } else if (log.length() < 4000) {
            log.append(line).append('\n');
          }
        }
        url.completeExceptionally(new IOException("Chromium exited: " + log));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Opens a page in a new tab and attaches to it, with console and log events enabled. */
  public void openTab(int width, int height) throws Exception {
    String target = call(null, "Target.createTarget", Map.of("url", "about:blank"))
        .get("targetId").asText();
    session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
        .get("sessionId").asText();
    call(session, "Runtime.enable", Map.of());
    call(session, "Log.enable", Map.of());
    call(session, "Page.enable", Map.of());
    viewport(width, height);
  }

  public void viewport(int width, int height) throws Exception {
    call(session, "Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
        "deviceScaleFactor", 1, "mobile", false));
  }

  /** Navigates and waits for the load event. */
  public void navigate(String url) throws Exception {
    CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
    awaited.put("Page.loadEventFired", loaded);
    JsonNode result = call(session, "Page.navigate", Map.of("url", url));
    if (result.has("errorText")) {
      errors.add("navigation failed: " + result.get("errorText").asText());
      return;
    }
    loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Evaluates an expression in the page and returns its value. */
  public JsonNode evaluate(String expression) throws Exception {
    return call(session, "Runtime.evaluate", Map.of("expression", expression,
        "returnByValue", true)).path("result").path("value");
  }

  /** A PNG of the whole page (beyond the viewport) at the current width. */
  public byte[] screenshot(boolean fullPage) throws Exception {
    ObjectNode params = json.createObjectNode().put("format", "png");
    if (fullPage) {
      JsonNode size = call(session, "Page.getLayoutMetrics", Map.of()).get("cssContentSize");
      params.put("captureBeyondViewport", true);
      params.putObject("clip").put("x", 0).put("y", 0).put("width", size.get("width").asDouble())
          .put("height", size.get("height").asDouble()).put("scale", 1);
    }
    String data = call(session, "Page.captureScreenshot", params).get("data").asText();
    return Base64.getDecoder().decode(data);
  }

  /** Console errors, uncaught exceptions and failed loads seen so far. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  private JsonNode call(String sessionId, String method, Object params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
    message.set("params", json.valueToTree(params));
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(json.writeValueAsString(message), true).get(TIMEOUT.toSeconds(),
        TimeUnit.SECONDS);
    JsonNode response = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (response.has("error")) {
      throw new IOException(method + ": " + response.get("error"));
    }
    return response.path("result");
  }

  private void onMessage(String text) {
    JsonNode message;
    try {
      message = json.readTree(text);
    } catch (IOException e) {
      errors.add("unreadable DevTools message: " + text);
      return;
    }
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
      if (reply != null) {
        reply.complete(message);
      }
      return;
    }
    String method = message.path("method").asText();
    JsonNode params = message.path("params");
    switch (method) {
      case "Runtime.consoleAPICalled" -> {
        String type = params.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          errors.add("console." + type + ": " + params.path("args").toString());
        }
      }
      case "Runtime.exceptionThrown" ->
          errors.add("exception: " + params.path("exceptionDetails").path("text").asText() + " "
              + params.path("exceptionDetails").path("exception").path("description").asText());
      case "Log.entryAdded" -> {
        JsonNode entry = params.path("entry");
        if (entry.path("level").asText().equals("error")) {
          errors.add(entry.path("source").asText() + ": " + entry.path("text").asText() + " "
              + entry.path("url").asText());
        }
      }
      default -> {
        CompletableFuture<JsonNode> waiting = awaited.remove(method);
        if (waiting != null) {
          waiting.complete(params);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      call(null, "Browser.close", Map.of());
    } catch (Exception e) {
      // closing anyway below
    }
    socket.abort();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        onMessage(text);
      }
      webSocket.request(1);
      return null;
    }
  }
}
