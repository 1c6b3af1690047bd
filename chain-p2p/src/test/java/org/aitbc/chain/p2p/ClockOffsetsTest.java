package org.aitbc.chain.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ClockOffsetsTest {
  private static final long NOW = 1_700_000_000_000L;

  @Test
  void nothingIsKnownBeforeTheFirstPeer() {
    ClockOffsets c = new ClockOffsets();
    assertEquals(OptionalLong.empty(), c.medianMs());
    assertFalse(c.warning());
  }

  @Test
  void theWarningComesAboveTwoSecondsAndGoesWhenTheMedianIsBack() {
    ClockOffsets c = new ClockOffsets();
    c.add(TestData.hash("a"), NOW + 2_000, NOW);
    assertFalse(c.warning(), "2 s exactly is tolerated");
    c.add(TestData.hash("a"), NOW + 2_500, NOW);
    assertEquals(1, c.size(), "one sample per node");
    assertEquals(OptionalLong.of(2_500), c.medianMs());
    assertTrue(c.warning());
    c.add(TestData.hash("b"), NOW - 100, NOW);
    c.add(TestData.hash("c"), NOW + 100, NOW);
    assertEquals(OptionalLong.of(100), c.medianMs());
    assertFalse(c.warning(), "two of three agree with us");
  }

  @Test
  void ofTwoSamplesTheOneCloserToZeroCounts() {
    ClockOffsets c = new ClockOffsets();
    c.add(TestData.hash("a"), NOW + 9_000, NOW);
    c.add(TestData.hash("b"), NOW, NOW);
    assertEquals(OptionalLong.of(0), c.medianMs());
    assertFalse(c.warning());
    assertEquals(-3, ClockOffsets.median(new ArrayList<>(List.of(-3L, -9L))));
  }

  @Test
  void onlyTheLatestSamplesAreKept() {
    ClockOffsets c = new ClockOffsets(3, 2_000);
    for (int i = 0; i < 3; i++) c.add(TestData.hash("old" + i), NOW + 60_000, NOW);
    assertTrue(c.warning());
    for (int i = 0; i < 3; i++) c.add(TestData.hash("new" + i), NOW, NOW);
    assertEquals(3, c.size());
    assertEquals(OptionalLong.of(0), c.medianMs());
    assertFalse(c.warning());
  }
}
