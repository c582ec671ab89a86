package io.carteira.cli;

import io.carteira.jobs.config.CarteiraConfig;
import io.carteira.jobs.config.Knob;
import io.carteira.jobs.config.Knobs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists every setting with its effective value and what it does. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "List every setting: key, effective value, environment variable, description.")
final class ConfigCommand implements Callable<Integer> {

  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CarteiraConfig config = options.load();
    PrintWriter out = spec.commandLine().getOut();
    for (Knob<?> knob : Knobs.all()) {
      out.printf(
          "%-34s = %-28s %s%n    %s%n",
          knob.key(),
          knob.shown(config.text(knob)),
          knob.environmentVariable(),
          knob.description());
    }
    out.println(
        "flink.*                            Flink's own options, passed through (e.g."
            + " flink.taskmanager.numberOfTaskSlots=4)");
    return 0;
  }
}
