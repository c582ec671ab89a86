package io.carteira.operators.risk;

import io.carteira.schemas.AlertStatus;
import io.carteira.schemas.Detection;
import io.carteira.schemas.EvidenceEvent;
import io.carteira.schemas.RiskContext;
import java.io.Serializable;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reasons a person reads in the alert feed, in English ({@code en}) or Brazilian Portuguese
 * ({@code pt-BR}).
 */
public final class AlertText implements Serializable {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private static final Map<ChurnPattern, String[]> WHAT =
      Map.ofEntries(
          Map.entry(
              ChurnPattern.FAILED_PAYMENT_STREAK,
              new String[] {
                "%d payments failed in a row, none succeeded since",
                "%d pagamentos falharam seguidos, nenhum aprovado desde então"
              }),
          Map.entry(
              ChurnPattern.HARD_DECLINE_NOT_UPDATED,
              new String[] {
                "Hard decline (%s) and no new payment method since",
                "Recusa definitiva (%s) e nenhum novo meio de pagamento desde então"
              }),
          Map.entry(ChurnPattern.CHARGEBACK, new String[] {"Chargeback of %s", "Chargeback de %s"}),
          Map.entry(
              ChurnPattern.DUNNING_EXHAUSTED,
              new String[] {
                "Invoice %s is %s: the dunning ladder ended unpaid",
                "Fatura %s está com %s: a régua de cobrança terminou sem pagamento"
              }),
          Map.entry(
              ChurnPattern.PUNCTUAL_PAYER_LATE,
              new String[] {
                "A punctual payer is late: invoice %s is %s",
                "Um bom pagador atrasou: fatura %s está com %s"
              }),
          Map.entry(
              ChurnPattern.CANCELLATION_REQUESTED,
              new String[] {"Cancellation requested (%s)", "Cancelamento solicitado (%s)"}),
          Map.entry(
              ChurnPattern.USAGE_COLLAPSE,
              new String[] {
                "Usage collapsed to %s of the customer's own baseline",
                "O uso caiu para %s da média do próprio cliente"
              }),
          Map.entry(ChurnPattern.SILENCE, new String[] {"No login for %s", "Nenhum acesso há %s"}),
          Map.entry(
              ChurnPattern.TICKETS_THEN_DISSATISFACTION,
              new String[] {"%d support tickets, then %s", "%d chamados de suporte, depois %s"}),
          Map.entry(
              ChurnPattern.DETRACTOR_THEN_USAGE_DROP,
              new String[] {
                "Detractor score %s, then usage fell to %s of baseline",
                "Nota de detrator %s, depois o uso caiu para %s da média"
              }),
          Map.entry(
              ChurnPattern.DOWNGRADE_SPIRAL,
              new String[] {"%d downgrades in a row: %s", "%d reduções seguidas: %s"}),
          Map.entry(
              ChurnPattern.RENEWAL_LOW_ENGAGEMENT,
              new String[] {
                "Contract ends %s and engagement is %s",
                "Contrato termina em %s e o engajamento está %s"
              }),
          Map.entry(
              ChurnPattern.PAUSE_NOT_RESUMED,
              new String[] {"Paused since %s and not resumed", "Pausado desde %s e não retomado"}));

  private final int language;

  /**
   * @param locale {@code en} or {@code pt-BR}
   */
  public AlertText(String locale) {
    if (!"en".equals(locale) && !"pt-BR".equals(locale)) {
      throw new IllegalArgumentException("alert locale must be en or pt-BR, got '" + locale + "'");
    }
    this.language = "en".equals(locale) ? 0 : 1;
  }

  /** What fired, what the customer looks like, and why the alert changed status. */
  public List<String> reasons(
      Detection detection, RiskContext context, AlertStatus status, String statusCause) {
    return reasons(detection, List.of(), context, status, statusCause);
  }

  /**
   * The reasons of an alert fed by several precursors: what fired this change first, then what else
   * holds the alert open, then the customer and the status cause.
   */
  public List<String> reasons(
      Detection detection,
      List<Detection> others,
      RiskContext context,
      AlertStatus status,
      String statusCause) {
    List<String> reasons = new ArrayList<>();
    reasons.add(what(ChurnPattern.valueOf(detection.getPattern()), detection.getEvidence()));
    for (Detection other : others) {
      reasons.add(what(ChurnPattern.valueOf(other.getPattern()), other.getEvidence()));
    }
    if (context != null) {
      reasons.add(
          language == 0
              ? String.format(
                  "Health %d (%s), %s past due",
                  context.getHealthScore(), context.getHealthBand(), days(context.getDaysPastDue()))
              : String.format(
                  "Saúde %d (%s), %s de atraso",
                  context.getHealthScore(),
                  context.getHealthBand(),
                  days(context.getDaysPastDue())));
    }
    if (statusCause != null) {
      reasons.add(statusCause);
    }
    return reasons;
  }

  /** Why an alert escalated or resolved. */
  public String cause(String key, Object... args) {
    String[] text =
        switch (key) {
          case "score" ->
              new String[] {
                "Escalated: risk rose from %d to %d", "Escalado: o risco subiu de %d para %d"
              };
          case "unresolved" ->
              new String[] {
                "Escalated: unresolved after %d days", "Escalado: sem solução após %d dias"
              };
          case "joined" ->
              new String[] {
                "Escalated: another precursor fired (%s)", "Escalado: outro precursor disparou (%s)"
              };
          case "cleared" ->
              new String[] {
                "Resolved: the condition cleared", "Resolvido: a condição deixou de existir"
              };
          case "paid" ->
              new String[] {
                "Resolved: a payment succeeded", "Resolvido: um pagamento foi aprovado"
              };
          case "healthy" ->
              new String[] {
                "Resolved: the customer is healthy again",
                "Resolvido: o cliente voltou a estar saudável"
              };
          case "quiet" ->
              new String[] {
                "Resolved: no further signs in %d days", "Resolvido: nenhum novo sinal em %d dias"
              };
          case "churned" ->
              new String[] {"Closed: the customer cancelled", "Encerrado: o cliente cancelou"};
          default -> new String[] {key, key};
        };
    return String.format(text[language], args);
  }

  private String what(ChurnPattern pattern, List<EvidenceEvent> evidence) {
    String template = WHAT.get(pattern)[language];
    EvidenceEvent first = evidence.isEmpty() ? null : evidence.get(0);
    EvidenceEvent last = evidence.isEmpty() ? null : evidence.get(evidence.size() - 1);
    return switch (pattern) {
      case FAILED_PAYMENT_STREAK -> String.format(template, evidence.size());
      case HARD_DECLINE_NOT_UPDATED, CHARGEBACK, CANCELLATION_REQUESTED, USAGE_COLLAPSE ->
          String.format(template, value(first));
      case DUNNING_EXHAUSTED, PUNCTUAL_PAYER_LATE ->
          String.format(template, first.getEventId(), daysPart(first));
      case SILENCE -> String.format(template, value(first));
      case TICKETS_THEN_DISSATISFACTION ->
          String.format(template, evidence.size() - 1, last.getEventType() + " " + value(last));
      case DETRACTOR_THEN_USAGE_DROP -> String.format(template, value(first), value(last));
      case DOWNGRADE_SPIRAL ->
          String.format(
              template,
              evidence.size(),
              String.join("; ", evidence.stream().map(this::value).toList()));
      case RENEWAL_LOW_ENGAGEMENT ->
          String.format(template, DAY.format(first.getEventTime()), value(first));
      case PAUSE_NOT_RESUMED -> String.format(template, DAY.format(first.getEventTime()));
    };
  }

  private String value(EvidenceEvent e) {
    return e == null || e.getValue() == null ? "?" : e.getValue();
  }

  private String daysPart(EvidenceEvent e) {
    String v = value(e);
    int comma = v.indexOf(',');
    String days = comma < 0 ? v : v.substring(0, comma);
    return language == 0 ? days : days.replace("days past due", "dias de atraso");
  }

  private String days(int days) {
    return language == 0
        ? days + (days == 1 ? " day" : " days")
        : days + (days == 1 ? " dia" : " dias");
  }
}
