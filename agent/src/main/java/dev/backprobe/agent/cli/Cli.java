package dev.backprobe.agent.cli;

import dev.backprobe.agent.AgentOptions;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar backprobe-agent.jar help|demo|report|repl …}: dispatches to the command
 * classes, each {@code static int run(String[] args, PrintStream out, PrintStream err)}. The
 * commands live in other modules; they are looked up by name so that a build without one says so
 * in one line instead of failing to start.
 */
public final class Cli {
  /** Exit status for a usage error (unknown command). */
  public static final int USAGE_STATUS = 2;
  /** Exit status when a command is not part of this build. */
  public static final int UNAVAILABLE_STATUS = 3;

  private static final String RUN_DESCRIPTOR = "run(String[], PrintStream, PrintStream)";

  /** Command name → implementing class and one-line summary, in the order {@code help} shows. */
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("help", new Command(null, "print this help"));
    COMMANDS.put(
        "demo",
        new Command(
            "dev.backprobe.agent.cli.DemoCommand",
            "run the bundled sample trainers under the agent and write their reports"));
    COMMANDS.put(
        "report",
        new Command(
            "dev.backprobe.report.ReportCommand",
            "render report.html from a folder with trace.json and findings.json"));
    COMMANDS.put(
        "repl",
        new Command(
            "dev.backprobe.repl.ReplCommand", "explore a saved trace in the interactive REPL"));
  }

  private record Command(String className, String summary) {}

  private Cli() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    System.out.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs one command and returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")
        || args[0].equals("-h")) {
      out.print(usage());
      return 0;
    }
    String name = args[0];
    Command command = COMMANDS.get(name);
    if (command == null) {
      err.println(
          "[backprobe] unknown command '"
              + name
              + "'; accepted commands: "
              + String.join(", ", COMMANDS.keySet()));
      return USAGE_STATUS;
    }
    return dispatch(name, command.className(), Arrays.copyOfRange(args, 1, args.length), out, err);
  }

  private static int dispatch(
      String name, String className, String[] args, PrintStream out, PrintStream err) {
    Method run;
    try {
      Class<?> type = Class.forName(className, true, Cli.class.getClassLoader());
      run = type.getMethod("run", String[].class, PrintStream.class, PrintStream.class);
      if (!Modifier.isStatic(run.getModifiers()) || run.getReturnType() != int.class) {
        throw new NoSuchMethodException(className + "." + RUN_DESCRIPTOR);
      }
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      err.println("[backprobe] the '" + name + "' command is not available in this build");
      return UNAVAILABLE_STATUS;
    }
    try {
      return (int) run.invoke(null, args, out, err);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      err.println("[backprobe] " + name + " failed: " + cause);
      return 1;
    } catch (IllegalAccessException e) {
      err.println("[backprobe] the '" + name + "' command is not available in this build");
      return UNAVAILABLE_STATUS;
    }
  }

  /** The text {@code help} prints: every command and every agent option. */
  public static String usage() {
    StringBuilder text = new StringBuilder();
    text.append("Backprobe: finds the bugs in hand-written neural-network training code.\n\n");
    text.append("Usage: java -jar backprobe-agent.jar <command> [arguments]\n\n");
    text.append("Commands:\n");
    COMMANDS.forEach((name, c) -> text.append(String.format("  %-8s %s%n", name, c.summary())));
    text.append("\nAs an agent:\n");
    text.append("  java -javaagent:backprobe-agent.jar[=key=value,…] -cp … com.acme.Main\n\n");
    text.append("Agent options (comma-separated key=value):\n");
    text.append(AgentOptions.usage());
    return text.toString();
  }
}
