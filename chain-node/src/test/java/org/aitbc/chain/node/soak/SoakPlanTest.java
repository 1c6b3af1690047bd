package org.aitbc.chain.node.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.aitbc.chain.node.soak.SoakPlan.Cycle;
import org.aitbc.chain.node.soak.SoakPlan.Kind;
import org.aitbc.chain.node.soak.SoakPlan.Role;
import org.junit.jupiter.api.Test;

class SoakPlanTest {
  static final List<Role> BOTH = List.of(Role.AUTHORITY, Role.FOLLOWER);

  @Test
  void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOne() {
    assertEquals(SoakPlan.of(7, 100, BOTH, 200), SoakPlan.of(7, 100, BOTH, 200));
    assertNotEquals(SoakPlan.of(7, 100, BOTH, 200).cycles(), SoakPlan.of(8, 100, BOTH, 200).cycles());
  }

  @Test
  void bothRolesTakeTurnsAuthorityFirstAndEveryThreeCyclesOfARoleCoverAllItsKinds() {
    for (long seed = 0; seed < 20; seed++) {
      List<Cycle> cycles = SoakPlan.of(seed, 60, BOTH, 200).cycles();
      for (Cycle c : cycles) assertEquals(c.index() % 2 == 1 ? Role.AUTHORITY : Role.FOLLOWER, c.role(), "cycle " + c.index());
      for (Role r : Role.values()) {
        List<Kind> kinds = cycles.stream().filter(c -> c.role() == r).map(Cycle::kind).toList();
        Set<Kind> expected = Set.copyOf(r == Role.AUTHORITY ? SoakPlan.AUTHORITY_KINDS : SoakPlan.FOLLOWER_KINDS);
        for (int i = 0; i + 3 <= kinds.size(); i++) assertEquals(expected, Set.copyOf(kinds.subList(i, i + 3)), r + " seed " + seed);
      }
    }
  }

  @Test
  void momentsAndLagsStayInTheirRangesAndOnlyTheirKindsUseThem() {
    for (Cycle c : SoakPlan.of(3, 300, BOTH, 200).cycles()) {
      switch (c.kind()) {
        case STEADY -> assertTrue(c.waitMs() >= 300 && c.waitMs() < 3_000 && c.secondKillMs() == 0 && c.lagBlocks() == 0, c.toString());
        case MID_SEAL -> assertTrue(c.waitMs() == 0 && c.secondKillMs() < 15 && c.role() == Role.AUTHORITY, c.toString());
        case STARTUP -> assertTrue(c.waitMs() >= 300 && c.secondKillMs() < 2_500 && c.lagBlocks() == 0, c.toString());
        case MID_SYNC -> assertTrue(c.lagBlocks() >= 100 && c.lagBlocks() <= 200 && c.secondKillMs() < 400
            && c.role() == Role.FOLLOWER, c.toString());
      }
    }
  }

  @Test
  void oneRoleOnlyKillsThatRole() {
    Set<Kind> seen = EnumSet.noneOf(Kind.class);
    for (Cycle c : SoakPlan.of(5, 30, List.of(Role.FOLLOWER), 50).cycles()) {
      assertEquals(Role.FOLLOWER, c.role());
      seen.add(c.kind());
    }
    assertEquals(Set.copyOf(SoakPlan.FOLLOWER_KINDS), seen);
  }

  @Test
  void aPlanWithoutCyclesOrWithATooSmallLagIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SoakPlan.of(1, 0, BOTH, 200));
    assertThrows(IllegalArgumentException.class, () -> SoakPlan.of(1, 5, BOTH, 1));
  }
}
