package io.carteira.cli;

import static io.carteira.cli.ConsoleText.BOLD;
import static io.carteira.cli.ConsoleText.DIM;
import static io.carteira.cli.ConsoleText.GREEN;
import static io.carteira.cli.ConsoleText.RED;
import static io.carteira.cli.ConsoleText.RESET;

import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.RiskAlert;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live view's risk alerts and dunning actions, as read from risk-alerts and dunning-actions.
 */
final class AlertsPanel {

  private final Map<String, RiskAlert> openAlerts = new LinkedHashMap<>();
  private final ArrayDeque<RiskAlert> recentAlerts = new ArrayDeque<>();
  private long alertsResolved;
  private final Map<DunningActionType, Long> actionsByType = new EnumMap<>(DunningActionType.class);
  private final ArrayDeque<DunningAction> recentActions = new ArrayDeque<>();
  private final ZoneId zone;

  AlertsPanel(ZoneId zone) {
    this.zone = zone;
  }

  void apply(RiskAlert alert) {
    if (alert.getStatus() == AlertStatus.RESOLVED) {
      openAlerts.remove(alert.getAlertId());
      alertsResolved++;
    } else {
      openAlerts.put(alert.getAlertId(), alert);
    }
    recentAlerts.addFirst(alert);
    while (recentAlerts.size() > 5) {
      recentAlerts.removeLast();
    }
  }

  void apply(DunningAction action) {
    actionsByType.merge(action.getActionType(), 1L, Long::sum);
    recentActions.addFirst(action);
    while (recentActions.size() > 6) {
      recentActions.removeLast();
    }
  }

  /** The counts, for the plain view's line. */
  String line() {
    return String.format(
        "alerts open %,d resolved %,d · dunning actions %,d (overdue reminders %,d, escalations"
            + " %,d)",
        openAlerts.size(),
        alertsResolved,
        actionsByType.values().stream().mapToLong(Long::longValue).sum(),
        actionsByType.getOrDefault(DunningActionType.OVERDUE_REMINDER, 0L),
        actionsByType.getOrDefault(DunningActionType.ESCALATION, 0L));
  }

  void render(StringBuilder b) {
    long escalatedNow =
        openAlerts.values().stream().filter(a -> a.getStatus() == AlertStatus.ESCALATED).count();
    b.append(BOLD)
        .append("RISK ALERTS")
        .append(RESET)
        .append(
            String.format(
                " open %,d (escalated %,d) · resolved %,d · MRR at risk %s%n",
                openAlerts.size(),
                escalatedNow,
                alertsResolved,
                Money.brl(
                    openAlerts.values().stream().mapToLong(RiskAlert::getMrrAtRiskMinor).sum())));
    if (recentAlerts.isEmpty()) {
      b.append(DIM).append("  none yet").append(RESET).append('\n');
    }
    for (RiskAlert a : recentAlerts) {
      b.append(
          String.format(
              "  %s %s%-9s%s %-8s %-9s %-28s risk %3d %12s  %s%n",
              ConsoleText.WHEN.format(a.getEventTime().atZone(zone)),
              a.getStatus() == AlertStatus.RESOLVED ? GREEN : RED,
              a.getStatus(),
              RESET,
              a.getSeverity(),
              a.getCustomerId(),
              a.getPattern(),
              a.getRiskScore(),
              Money.brl(a.getMrrAtRiskMinor()),
              LivePortfolio.truncate(
                  a.getReasons().isEmpty()
                      ? ""
                      : a.getReasons().get(a.getReasons().size() > 2 ? 2 : 0),
                  60)));
      if (a.getStatus() == AlertStatus.OPEN) {
        b.append(DIM)
            .append("                   → ")
            .append(LivePortfolio.truncate(a.getRecommendedAction(), 90))
            .append(RESET)
            .append('\n');
      }
    }
    b.append('\n')
        .append(BOLD)
        .append("DUNNING & JOURNEYS")
        .append(RESET)
        .append(DIM)
        .append(" (dunning-actions, for the notification services)")
        .append(RESET)
        .append('\n')
        .append("  ");
    for (DunningActionType type : DunningActionType.values()) {
      b.append(type.name().toLowerCase().replace('_', ' '))
          .append(' ')
          .append(String.format("%,d", actionsByType.getOrDefault(type, 0L)))
          .append(
              type == DunningActionType.SUSPENSION_WARNING
                  ? "\n  "
                  : type.ordinal() < DunningActionType.values().length - 1 ? " · " : "\n");
    }
    if (recentActions.isEmpty()) {
      b.append(DIM).append("  none yet").append(RESET).append('\n');
    }
    for (DunningAction a : recentActions) {
      b.append(
          String.format(
              "  %s %-9s %-21s %-8s %s%n",
              ConsoleText.WHEN.format(a.getScheduledFor().atZone(zone)),
              a.getCustomerId(),
              a.getActionType() + (a.getDunningStep() != null ? " #" + a.getDunningStep() : ""),
              a.getChannel(),
              LivePortfolio.truncate(a.getMessage(), 76)));
    }
  }
}
