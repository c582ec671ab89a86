package io.carteira.operators.dunning;

import io.carteira.schemas.DunningAction;
import io.carteira.schemas.FailureCodes;
import io.carteira.schemas.PaymentMethod;
import java.io.Serializable;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * The text of a dunning action, ready to send, in Brazilian Portuguese ({@code pt-BR}) or English
 * ({@code en}). Written from the action's own fields, so what the text says is what the record
 * says.
 */
public final class DunningText implements Serializable {

  public static final String PT_BR = "pt-BR";
  public static final String EN = "en";

  private static final DateTimeFormatter PT_DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final DateTimeFormatter EN_DAY = DateTimeFormatter.ISO_LOCAL_DATE;

  private final ZoneId zone;

  public DunningText(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * The locale a customer's messages are written in: its own when supported, else {@code fallback}.
   */
  public static String supported(String locale, String fallback) {
    if (locale != null && locale.equalsIgnoreCase(PT_BR)) {
      return PT_BR;
    }
    if (locale != null
        && (locale.equalsIgnoreCase(EN) || locale.toLowerCase(Locale.ROOT).startsWith("en-"))) {
      return EN;
    }
    return fallback;
  }

  /**
   * @param stepsBefore overdue steps sent before this one (escalations say how many reminders went
   *     unanswered)
   * @param count the run of on-time payments (loyalty) or the days until suspension (suspension
   *     warning)
   */
  public String of(DunningAction a, int stepsBefore, int count) {
    boolean pt = PT_BR.equals(a.getLocale());
    String name = a.getCustomerName() != null ? a.getCustomerName() : a.getCustomerId();
    String amount =
        a.getAmountMinor() == null ? "" : money(a.getAmountMinor(), a.getCurrency(), pt);
    String invoice = a.getInvoiceId();
    String due = a.getDueDate() == null ? "" : day(a.getDueDate(), pt);
    int dpd = a.getDaysPastDue();
    return switch (a.getActionType()) {
      case PRE_DUE_REMINDER ->
          a.getPaymentMethod() == PaymentMethod.CARD
              ? (pt
                  ? "Olá, "
                      + name
                      + "! O cartão cadastrado vence antes da fatura "
                      + invoice
                      + " de "
                      + amount
                      + " (vencimento "
                      + due
                      + "). Atualize a forma de pagamento para não interromper o serviço."
                  : "Hello "
                      + name
                      + ", the card on file expires before invoice "
                      + invoice
                      + " of "
                      + amount
                      + " falls due on "
                      + due
                      + ". Please update your payment method to keep the service running.")
              : (pt
                  ? "Olá, "
                      + name
                      + "! A fatura "
                      + invoice
                      + " de "
                      + amount
                      + " vence em "
                      + due
                      + "."
                      + howToPay(a, pt)
                  : "Hello "
                      + name
                      + ", invoice "
                      + invoice
                      + " of "
                      + amount
                      + " falls due on "
                      + due
                      + "."
                      + howToPay(a, pt));
      case PAYMENT_FAILED_NOTICE ->
          FailureCodes.isHardDecline(a.getFailureCode())
              ? (pt
                  ? "Olá, "
                      + name
                      + ". Não foi possível cobrar a fatura "
                      + invoice
                      + " de "
                      + amount
                      + ": o cartão foi recusado ("
                      + a.getFailureCode()
                      + ") e não pode ser cobrado de novo. Cadastre uma nova forma de pagamento."
                  : "Hello "
                      + name
                      + ", we could not charge invoice "
                      + invoice
                      + " of "
                      + amount
                      + ": the card was declined ("
                      + a.getFailureCode()
                      + ") and cannot be charged again. Please add a new payment method.")
              : (pt
                  ? "Olá, "
                      + name
                      + ". O pagamento da fatura "
                      + invoice
                      + " de "
                      + amount
                      + " não foi aprovado ("
                      + a.getFailureCode()
                      + ")."
                  : "Hello "
                      + name
                      + ", the payment of invoice "
                      + invoice
                      + " of "
                      + amount
                      + " was declined ("
                      + a.getFailureCode()
                      + ").");
      case RETRY_SCHEDULED ->
          pt
              ? "Vamos tentar cobrar a fatura "
                  + invoice
                  + " de "
                  + amount
                  + " novamente em "
                  + day(a.getRetryAt().atZone(zone).toLocalDate(), true)
                  + ". Se preferir, pague agora por PIX ou boleto."
              : "We will try to charge invoice "
                  + invoice
                  + " of "
                  + amount
                  + " again on "
                  + day(a.getRetryAt().atZone(zone).toLocalDate(), false)
                  + ". You can also pay now by PIX or boleto.";
      case OVERDUE_REMINDER ->
          pt
              ? "Olá, "
                  + name
                  + ". A fatura "
                  + invoice
                  + " de "
                  + amount
                  + " venceu em "
                  + due
                  + " e está em aberto há "
                  + days(dpd, true)
                  + "."
                  + howToPay(a, true)
              : "Hello "
                  + name
                  + ", invoice "
                  + invoice
                  + " of "
                  + amount
                  + " was due on "
                  + due
                  + " and is "
                  + days(dpd, false)
                  + " overdue."
                  + howToPay(a, false);
      case ESCALATION ->
          pt
              ? "Cliente "
                  + name
                  + " ("
                  + a.getCustomerId()
                  + "): a fatura "
                  + invoice
                  + " de "
                  + amount
                  + " está vencida há "
                  + days(dpd, true)
                  + " e "
                  + stepsBefore
                  + " lembrete(s) ficaram sem resposta. Entre em contato hoje."
              : "Customer "
                  + name
                  + " ("
                  + a.getCustomerId()
                  + "): invoice "
                  + invoice
                  + " of "
                  + amount
                  + " is "
                  + days(dpd, false)
                  + " overdue and "
                  + stepsBefore
                  + " reminder(s) went unanswered. Please get in touch today.";
      case SUSPENSION_WARNING ->
          pt
              ? "Olá, "
                  + name
                  + ". A fatura "
                  + invoice
                  + " de "
                  + amount
                  + " está vencida há "
                  + days(dpd, true)
                  + ". Sem o pagamento, o serviço será suspenso em "
                  + days(count, true)
                  + "."
                  + howToPay(a, true)
              : "Hello "
                  + name
                  + ", invoice "
                  + invoice
                  + " of "
                  + amount
                  + " is "
                  + days(dpd, false)
                  + " overdue. Without payment the service will be suspended in "
                  + days(count, false)
                  + "."
                  + howToPay(a, false);
      case RENEWAL_NUDGE ->
          pt
              ? "Olá, "
                  + name
                  + "! Seu contrato termina em "
                  + due
                  + ". Vamos conversar sobre a renovação?"
              : "Hello "
                  + name
                  + ", your contract ends on "
                  + due
                  + ". Shall we talk about your renewal?";
      case WIN_BACK ->
          pt
              ? "Olá, "
                  + name
                  + "! Sentimos sua falta. Preparamos uma condição especial para você voltar."
              : "Hello " + name + ", we miss you. We have a special offer for your return.";
      case LOYALTY_REWARD ->
          pt
              ? "Obrigado, "
                  + name
                  + "! São "
                  + count
                  + " faturas seguidas pagas em dia: você ganhou um benefício de fidelidade."
              : "Thank you, "
                  + name
                  + "! "
                  + count
                  + " invoices in a row paid on time: you have earned a loyalty reward.";
    };
  }

  private static String howToPay(DunningAction a, boolean pt) {
    if (a.getPaymentReference() == null) {
      return "";
    }
    if (a.getPaymentMethod() == PaymentMethod.PIX) {
      return pt
          ? " PIX copia e cola: " + a.getPaymentReference()
          : " PIX copy-and-paste code: " + a.getPaymentReference();
    }
    if (a.getPaymentMethod() == PaymentMethod.BOLETO) {
      return pt
          ? " Linha digitável do boleto: " + a.getPaymentReference()
          : " Boleto digitable line: " + a.getPaymentReference();
    }
    return "";
  }

  private static String days(int n, boolean pt) {
    return n == 1 ? (pt ? "1 dia" : "1 day") : n + (pt ? " dias" : " days");
  }

  private static String day(LocalDate date, boolean pt) {
    return (pt ? PT_DAY : EN_DAY).format(date);
  }

  static String money(long minor, String currencyCode, boolean pt) {
    NumberFormat format =
        NumberFormat.getCurrencyInstance(pt ? Locale.forLanguageTag("pt-BR") : Locale.US);
    Currency currency;
    try {
      currency = Currency.getInstance(currencyCode);
    } catch (IllegalArgumentException e) {
      return currencyCode + " " + minor;
    }
    format.setCurrency(currency);
    return format.format(
        BigDecimal.valueOf(minor, Math.max(0, currency.getDefaultFractionDigits())));
  }
}
