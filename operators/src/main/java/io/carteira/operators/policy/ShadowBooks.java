package io.carteira.operators.policy;

import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A keyed function's shadow book of the current key, created lazily: a customer has one only once a
 * record or timer of it is handled while a shadow applies to it. It starts as a copy of the live
 * book as it was before that record (what a shadow evaluation that had followed the live policy all
 * along would hold, since both saw the same input), and belongs to the shadow run it was started in
 * ({@link ShadowRuns}); a book of a run that ended counts as none and is dropped when met.
 *
 * @param <B> the book
 */
public final class ShadowBooks<B> {

  private final ValueState<B> books;
  private final ValueState<String> runs;
  private final UnaryOperator<B> copy;

  /**
   * @param name the shadow book's state name, unique in the function
   * @param copy a deep copy of a live book
   */
  public ShadowBooks(
      RuntimeContext context, String name, TypeInformation<B> type, UnaryOperator<B> copy) {
    this.books = context.getState(new ValueStateDescriptor<>(name, type));
    this.runs = context.getState(new ValueStateDescriptor<>(name + "-run", Types.STRING));
    this.copy = copy;
  }

  /** The shadow books (the current key's). */
  public ValueState<B> books() {
    return books;
  }

  /**
   * Makes the key's shadow book that of {@code run}: kept when it already is, else a copy of {@code
   * live}'s book as it is now (none when the live book is empty).
   */
  public void enter(String run, ValueState<B> live) throws Exception {
    if (run.equals(runs.value())) {
      return;
    }
    runs.update(run);
    B before = live.value();
    if (before == null) {
      books.clear();
    } else {
      books.update(copy.apply(before));
    }
  }

  /**
   * Whether the key's shadow book belongs to a run in {@code inForce}; one of a run that ended is
   * dropped.
   */
  public boolean inForce(ShadowRuns inForce) throws Exception {
    String run = runs.value();
    if (run == null) {
      return false;
    }
    if (inForce.inForce(run)) {
      return true;
    }
    runs.clear();
    books.clear();
    return false;
  }
}
