package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aitbc.chain.p2p.P2pNetworkTest.Node;
import org.aitbc.chain.p2p.addr.AddressBook;
import org.aitbc.chain.p2p.message.P2pMessage;
import org.aitbc.chain.p2p.message.PeerAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that gossips 10,000 addresses to a real node (a {@link RawPeer} from 127.1.0.1, its own network group)
 * gets few of them stored and at most the dial budget of its group dialed, and an address another peer tells
 * the node (from 127.0.0.1) is still dialed. The gossiped addresses are closed ports on 127.0.0.0/8, refused at
 * once.
 */
class AddressFloodNetworkTest {
  final P2pNetworkTest nodes = new P2pNetworkTest();

  @AfterEach
  void stop() {
    nodes.closeAll();
  }

  @Test
  void tenThousandGossipedAddressesFromOnePeerCostAtMostItsDialBudget() throws Exception {
    FakeChain chain = new FakeChain("ait-test");
    Node a = nodes.start(chain, nodes.config().build());
    Node honest = nodes.start();
    int budget = AddressBook.Config.defaults().dialBurst();
    long now = System.currentTimeMillis();
    try (RawPeer flooder = RawPeer.connect("127.1.0.1", a.net().listenPort(), chain.genesisHash(), "ait-test",
        TestData.key(91), 0, now)) {
      P2pNetworkTest.await("the flooder is connected", () -> a.net().peers().size() == 1);
      for (int m = 0; m < 10; m++) {
        List<PeerAddress> batch = new ArrayList<>();
        for (int i = 0; i < P2pMessage.Limits.MAX_ADDR; i++) {
          int n = m * P2pMessage.Limits.MAX_ADDR + i; // 200 network groups, 127.2 .. 127.201, in every batch
          batch.add(new PeerAddress(new HostPort("127." + (2 + n % 200) + "." + (n / 200 % 250) + ".1", 1), now));
        }
        flooder.send(new P2pMessage.Addr(batch));
      }
      P2pNetworkTest.await("a dialed what the flooder's budget allows", () -> a.net().metrics().addressDials() >= budget);
      assertTrue(a.net().knownAddresses() <= AddressBook.NEW_BUCKETS_PER_SOURCE_GROUP * 16,
          "one source group holds at most its buckets: " + a.net().knownAddresses());

      try (RawPeer teller = RawPeer.connect(a.net().listenPort(), chain.genesisHash(), "ait-test", TestData.key(92), 0,
          System.currentTimeMillis())) {
        teller.send(new P2pMessage.Addr(List.of(new PeerAddress(honest.address(), System.currentTimeMillis()))));
        P2pNetworkTest.await("a dials the address the other peer told it", () -> a.connectedTo(honest));
      }
      long dials = a.net().metrics().addressDials();
      assertTrue(dials <= budget + 1, "the flood's budget (" + budget + ") and the honest address: " + dials + " dials");
    }
  }
}
