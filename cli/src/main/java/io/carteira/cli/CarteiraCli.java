package io.carteira.cli;

import io.carteira.cli.schemas.SchemasCommand;
import io.carteira.cli.topics.TopicsCommand;
import io.carteira.console.read.TopicReading;
import io.carteira.jobs.config.ConfigException;
import io.carteira.schemas.registry.SchemaRegistryException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code carteira} command line. Errors are one line on stderr and a non-zero exit code. */
@Command(
    name = "carteira",
    mixinStandardHelpOptions = true,
    version = "carteira 0.1.0",
    description =
        "Real-time churn and delinquency engine for recurring-revenue portfolios, on Apache Flink.",
    subcommands = {
      DemoCommand.class,
      ConsoleCommand.class,
      RunCommand.class,
      GenerateCommand.class,
      ReplayCommand.class,
      TailCommand.class,
      PolicyCommand.class,
      ConfigCommand.class,
      IngestCommand.class,
      TopicsCommand.class,
      SchemasCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CarteiraCli implements Runnable {

  /** Exit code of a usage error (bad option). */
  public static final int USAGE = 2;

  /** Exit code of a failure while running. */
  public static final int FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int code = execute(args);
    if (insideFlinkProcess()) {
      // main runs inside a JobManager (application mode, or a jar run over Flink's REST API): an
      // exit would end the JobManager, so main returns, or fails the submission
      if (code != 0) {
        throw new IllegalStateException("carteira " + String.join(" ", args) + " failed");
      }
      return;
    }
    System.exit(code);
  }

  /** Whether this JVM is one of Flink's own processes rather than a command of its own. */
  static boolean insideFlinkProcess() {
    return System.getProperty("sun.java.command", "").startsWith("org.apache.flink.");
  }

  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new CarteiraCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter errors = commandLine.getErr();
          errors.println("carteira: error: " + oneLine(e));
          errors.flush();
          return FAILED;
        });
    cli.setParameterExceptionHandler(
        (e, args1) -> {
          PrintWriter errors = e.getCommandLine().getErr();
          errors.println(
              "carteira: "
                  + e.getMessage()
                  + " (see `"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help`)");
          errors.flush();
          return USAGE;
        });
    return cli.execute(args);
  }

  static String oneLine(Throwable e) {
    Throwable cause = e;
    while (!(cause instanceof ConfigException)
        && !(cause instanceof SchemaRegistryException)
        && cause.getCause() != null
        && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (!(cause instanceof ConfigException)
        && !(cause instanceof SchemaRegistryException)
        && !(cause instanceof CliException)
        && !(cause instanceof TopicReading.ReadingException)) {
      message = cause.getClass().getSimpleName() + ": " + message;
    }
    return message.replace('\n', ' ');
  }

  /** An error a user can act on, said as is. */
  public static final class CliException extends RuntimeException {
    public CliException(String message) {
      super(message);
    }
  }
}
