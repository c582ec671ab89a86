package io.carteira.operators.dunning;

import io.carteira.operators.policy.Policy;
import io.carteira.schemas.Channel;
import io.carteira.schemas.DunningAction;
import io.carteira.schemas.DunningActionType;
import io.carteira.schemas.DunningBook;
import io.carteira.schemas.InvoiceLadder;
import io.carteira.schemas.PendingNotice;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The actions sent to a customer and their messages ({@link DunningText}): every one goes out after
 * quiet hours, on the policy's channel for its type or the customer's own; {@code action_id} is a
 * name-based UUID of what it is about, so a replay or a restart produces the same ids.
 */
final class DunningActions implements Serializable {

  private final DunningSchedule schedule;
  private final String defaultLocale;
  private final DunningText text;

  /**
   * @param defaultLocale messages for customers without a supported locale of their own: {@code
   *     pt-BR} or {@code en}
   */
  DunningActions(DunningSchedule schedule, String defaultLocale) {
    this.schedule = schedule;
    this.defaultLocale = DunningText.supported(defaultLocale, DunningText.PT_BR);
    this.text = new DunningText(schedule.zone());
  }

  /** Sets the action's message; {@code stepsBefore} and {@code count} as {@link DunningText}. */
  DunningAction withMessage(DunningAction action, int stepsBefore, int count) {
    action.setMessage(text.of(action, stepsBefore, count));
    return action;
  }

  /** The notice a payment event asked for, now due. */
  DunningAction notice(
      DunningBook book, InvoiceLadder invoice, PendingNotice notice, Policy policy) {
    DunningActionType type = DunningActionType.valueOf(notice.getActionType());
    DunningAction action =
        invoiceAction(
                book,
                invoice,
                type,
                key(invoice.getInvoiceId(), notice.getCauseEventId()),
                notice.getEventTime(),
                notice.getSendAt(),
                notice.getFailureCode(),
                policy)
            .setRetryAt(notice.getRetryAt())
            .build();
    return withMessage(action, 0, 0);
  }

  /** An action about one invoice. */
  DunningAction.Builder invoiceAction(
      DunningBook book,
      InvoiceLadder invoice,
      DunningActionType type,
      String key,
      Instant eventTime,
      Instant sendAt,
      String failureCode,
      Policy policy) {
    long daysPastDue =
        ChronoUnit.DAYS.between(invoice.getDueDate(), sendAt.atZone(schedule.zone()).toLocalDate());
    return action(book, type, key, eventTime, policy)
        .setScheduledFor(sendAt)
        .setInvoiceId(invoice.getInvoiceId())
        .setAmountMinor(invoice.getAmountMinor())
        .setCurrency(invoice.getCurrency())
        .setDueDate(invoice.getDueDate())
        .setDaysPastDue((int) Math.max(0, daysPastDue))
        .setPaymentMethod(invoice.getMethod())
        .setPaymentReference(invoice.getPaymentReference())
        .setFailureCode(failureCode);
  }

  /** An action to the customer, sent after quiet hours from {@code eventTime}. */
  DunningAction.Builder action(
      DunningBook book, DunningActionType type, String key, Instant eventTime, Policy policy) {
    String customer = book.getCustomerId();
    Channel channel = policy.messages().channels().get(type);
    return DunningAction.newBuilder()
        .setActionId(
            UUID.nameUUIDFromBytes(
                    (customer + "|" + type + "|" + key).getBytes(StandardCharsets.UTF_8))
                .toString())
        .setCustomerId(customer)
        .setActionType(type)
        .setChannel(
            channel != null
                ? channel
                : book.getPreferredChannel() != null ? book.getPreferredChannel() : Channel.EMAIL)
        .setLocale(DunningText.supported(book.getLocale(), defaultLocale))
        .setAccountOwner(book.getAccountOwner())
        .setCustomerName(book.getCustomerName())
        .setScheduledFor(schedule.sendAt(eventTime, policy))
        .setPolicyVersion(policy.version())
        .setEventTime(eventTime)
        .setMessage("");
  }

  /** What an action is about, for its id: the parts joined by {@code |}. */
  static String key(Object... parts) {
    StringBuilder key = new StringBuilder();
    for (Object part : parts) {
      key.append(key.length() == 0 ? "" : "|").append(part);
    }
    return key.toString();
  }
}
