package org.aitbc.chain.messaging.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationOptionTest {
  @Test
  void durationsReadWithTheirUnitOrAsSeconds() {
    assertEquals(Duration.ofSeconds(30), AgentOptions.DurationConverter.parse("30s"));
    assertEquals(Duration.ofMillis(1500), AgentOptions.DurationConverter.parse("1500ms"));
    assertEquals(Duration.ofMinutes(2), AgentOptions.DurationConverter.parse("2m"));
    assertEquals(Duration.ofHours(1), AgentOptions.DurationConverter.parse("1H"));
    assertEquals(Duration.ofSeconds(45), AgentOptions.DurationConverter.parse("45"));
    assertEquals(Duration.ZERO, AgentOptions.DurationConverter.parse("0"));
  }

  @Test
  void anythingElseIsNotADuration() {
    for (String bad : new String[] {"", "s", "-1s", "1.5s", "soon", "3d", "99999999999999999999"}) {
      assertNull(AgentOptions.DurationConverter.parse(bad), bad);
    }
  }
}
