package org.aitbc.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.aitbc.chain.core.agent.AgentTx;
import org.aitbc.chain.core.crypto.KeyPair;
import org.aitbc.chain.core.json.Json;
import org.aitbc.chain.core.json.JsonValue;
import org.aitbc.chain.core.json.JsonValue.JsonArray;
import org.aitbc.chain.core.json.JsonValue.JsonObject;
import org.aitbc.chain.core.mempool.MempoolConfig;
import org.aitbc.chain.testing.Chains;
import org.aitbc.chain.testing.TestKeys;
import org.aitbc.chain.testing.Txs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-chain agent registry: register, find by capability, update and deregister by the owner only. */
class AgentRegistryTest {
  @TempDir Path dir;
  KeyPair owner = TestKeys.key(1);
  KeyPair other = TestKeys.key(2);
  RpcHarness node;
  long nonce = 1;

  @BeforeEach
  void start() throws Exception {
    node = new RpcHarness(dir.resolve("chain"), Chains.genesis(3), Chains.authority(), MempoolConfig.DEFAULTS, 0);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  RpcHarness.Answer send(KeyPair k, String type, JsonValue payload) throws Exception {
    return node.post("/rpc/transaction", Txs.transfer(k, Chains.CHAIN_ID).type(type).to(k.address()).amount(0)
        .nonce(nonce++).payload(payload).jsonText());
  }

  static List<JsonValue> agents(RpcHarness.Answer a) {
    return ((JsonArray) a.obj().members().get("agents")).elements();
  }

  @Test
  void anAgentIsRegisteredFoundByCapabilityUpdatedAndDeregisteredByItsOwner() throws Exception {
    var reg = send(owner, AgentTx.REGISTER, Json.obj("name", "summarizer", "description", "summarizes text",
        "capabilities", Json.arr(List.of(JsonValue.str("summarize"), JsonValue.str("translate"))),
        "verification_level", "basic", "endpoint", "http://127.0.0.1:9999/tools"));
    assertEquals(200, reg.status(), reg.raw().body());
    node.seal();
    String id = AgentTx.agentId(owner.address(), "summarizer");
    var a = node.get("/rpc/agents/" + id);
    assertEquals(200, a.status());
    assertEquals(owner.address(), a.str("owner"));
    assertEquals("basic", a.str("verification_level"));
    assertEquals(1, agents(node.get("/rpc/agents?capability=translate")).size());
    assertEquals(0, agents(node.get("/rpc/agents?capability=paint")).size());

    assertEquals("INVALID_FIELD", send(owner, AgentTx.REGISTER, Json.obj("name", "summarizer")).code(),
        "the same name twice from one owner");
    assertEquals("INVALID_FIELD", send(other, AgentTx.UPDATE, Json.obj("agent_id", id, "description", "mine now")).code(),
        "only the owner may update");

    assertEquals(200, send(owner, AgentTx.UPDATE, Json.obj("agent_id", id,
        "capabilities", Json.arr(List.of(JsonValue.str("paint"))))).status());
    node.seal();
    assertEquals(0, agents(node.get("/rpc/agents?capability=translate")).size());
    assertEquals(1, agents(node.get("/rpc/agents?capability=paint")).size());

    assertEquals(200, send(owner, AgentTx.DEREGISTER, Json.obj("agent_id", id)).status());
    node.seal();
    var gone = node.get("/rpc/agents/" + id);
    assertEquals(JsonValue.JsonBool.FALSE, gone.obj().members().get("active"));
    assertEquals(0, agents(node.get("/rpc/agents")).size());
    assertEquals(0, ((JsonArray) node.get("/rpc/messages?address=" + owner.address()).obj().members().get("messages"))
        .elements().size(), "registry transactions are not inbox messages");
  }

  @Test
  void malformedRegistrationsAreRefusedWithInvalidField() throws Exception {
    assertEquals("INVALID_FIELD", send(owner, AgentTx.REGISTER, JsonValue.str("not an object")).code());
    assertEquals("INVALID_FIELD", send(owner, AgentTx.REGISTER, Json.obj("description", "no name")).code());
    assertEquals("INVALID_FIELD", send(owner, AgentTx.REGISTER, Json.obj("name", "x", "verification_level", "gold")).code());
    assertEquals("INVALID_FIELD", send(owner, AgentTx.REGISTER, Json.obj("name", "x", "color", "red")).code());
    var toOther = node.post("/rpc/transaction", Txs.transfer(owner, Chains.CHAIN_ID).type(AgentTx.REGISTER)
        .to(other.address()).amount(0).payload(Json.obj("name", "x")).jsonText());
    assertEquals("INVALID_FIELD", toOther.code());
    assertEquals(404, node.get("/rpc/agents/agent_nothing").status());
    assertTrue(node.get("/rpc/agents/agent_nothing").code().equals("NOT_FOUND"));
  }

  @Test
  void aFollowerImportingTheBlockBuildsTheSameRegistry(@TempDir Path f) throws Exception {
    send(owner, AgentTx.REGISTER, Json.obj("name", "worker", "capabilities", Json.arr(List.of(JsonValue.str("gpu")))));
    var block = node.seal();
    try (RpcHarness follower = new RpcHarness(f, Chains.genesis(3), null, MempoolConfig.DEFAULTS, 0)) {
      assertEquals(200, follower.post("/rpc/importBlock", block.toJsonText(true)).status());
      JsonObject a = follower.get("/rpc/agents/" + AgentTx.agentId(owner.address(), "worker")).obj();
      assertEquals(node.get("/rpc/agents/" + AgentTx.agentId(owner.address(), "worker")).obj(), a);
    }
  }
}
