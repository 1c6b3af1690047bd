package org.aitbc.chain.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aitbc.chain.core.block.Genesis;
import org.aitbc.chain.core.crypto.KeyPair;

/** Genesis fixtures: one authority (key 0) and funded accounts (keys 1..n). */
public final class Chains {
  public static final String CHAIN_ID = "ait-test";
  public static final long FUNDS = 1_000_000_000L;

  private Chains() {}

  public static KeyPair authority() {
    return TestKeys.key(0);
  }

  public static Genesis genesis(int fundedAccounts) {
    return genesis(fundedAccounts, 1000, 1);
  }

  public static Genesis genesis(int fundedAccounts, long blockTimeMs, long minFee) {
    Map<String, Long> alloc = new LinkedHashMap<>();
    for (int i = 1; i <= fundedAccounts; i++) alloc.put(TestKeys.key(i).address(), FUNDS);
    try {
      return Genesis.fromJson(Genesis.build(CHAIN_ID, 1_700_000_000_000L,
          List.of(new Genesis.Authority(authority().address(), authority().publicKey())), alloc, blockTimeMs, minFee));
    } catch (Genesis.InvalidGenesisException e) {
      throw new IllegalStateException(e);
    }
  }
}
