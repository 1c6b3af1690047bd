package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.aitbc.chain.core.json.JsonValue;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the bodies a client posts: {@code /rpc/transaction}, the batch route
 * {@code /rpc/transactions} and {@code /rpc/importBlock}, through the node's real API over a real store.
 */
class SubmissionFuzzTest {
  static final FuzzNode NODE = new FuzzNode();

  /** Any body is accepted or refused with a documented code and that code's status, never a 500. */
  @FuzzTest
  void transactionBody(byte[] body) {
    ApiResponse r = NODE.node.api.submitTransaction(body, "fuzz");
    FuzzNode.assertTransactionAnswer(FuzzNode.assertAnswered(r), r.status());
  }

  /** A batch is refused whole, or answered with one documented answer per transaction, counted right. */
  @FuzzTest
  void batchBody(byte[] body) {
    ApiResponse r = NODE.node.api.submitBatch(body, "fuzz");
    JsonValue.JsonObject o = FuzzNode.assertAnswered(r);
    if (r.status() != 200) {
      FuzzNode.assertTransactionAnswer(o, r.status());
      return;
    }
    JsonValue.JsonArray results = (JsonValue.JsonArray) o.members().get("results");
    long accepted = 0;
    for (JsonValue each : results.elements()) {
      FuzzNode.assertTransactionAnswer((JsonValue.JsonObject) each, 200);
      if (((JsonValue.JsonObject) each).members().get("success") == JsonValue.JsonBool.TRUE) accepted++;
    }
    assertEquals(JsonValue.JsonNumber.of(accepted), o.members().get("accepted"));
    assertEquals(JsonValue.JsonNumber.of(results.elements().size() - accepted), o.members().get("refused"));
  }

  /** Any body posted to importBlock is imported or refused with a code and {@code accepted: false}, never a 500. */
  @FuzzTest
  void importBlockBody(byte[] body) {
    ApiResponse r = NODE.node.api.importBlock(body);
    JsonValue.JsonObject o = FuzzNode.assertAnswered(r);
    if (r.status() != 200) assertEquals(JsonValue.JsonBool.FALSE, o.members().get("accepted"), r::body);
    else assertTrue(o.members().containsKey("status"), r::body);
  }

  @AfterAll
  static void stop() {
    NODE.close();
  }
}
