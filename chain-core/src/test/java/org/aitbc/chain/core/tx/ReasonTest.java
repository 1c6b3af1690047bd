package org.aitbc.chain.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ReasonTest {
  @Test
  void onlyWhatIsWrongWhateverTheStateBlamesThePeerThatRelaysIt() {
    Set<Reason> blamed = Stream.of(Reason.values()).filter(Reason::blamesSender).collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
    assertEquals(EnumSet.of(Reason.INVALID_JSON, Reason.MISSING_FIELD, Reason.INVALID_FIELD, Reason.WRONG_CHAIN,
        Reason.BAD_SIGNATURE, Reason.ADDRESS_MISMATCH, Reason.PAYLOAD_TOO_LARGE), blamed);
  }

  @Test
  void aCodeIsReadBackAsItsReasonAndAnUnknownCodeAsNone() {
    for (Reason r : Reason.values()) assertEquals(Optional.of(r), Reason.of(r.name()));
    assertEquals(Optional.empty(), Reason.of("INTERNAL"));
    assertEquals(Optional.empty(), Reason.of("bad_signature"));
    assertEquals(Optional.empty(), Reason.of(""));
  }
}
