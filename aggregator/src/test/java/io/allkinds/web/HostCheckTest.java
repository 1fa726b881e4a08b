package io.allkinds.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostCheckTest {

  private final HostCheck check = new HostCheck(List.of("allkinds.example.org"));

  @Test
  void loopbackNamesAndIpLiteralsAreServed() {
    for (String host :
        List.of(
            "localhost",
            "127.0.0.1",
            "127.3.4.5",
            "[::1]",
            "::1",
            "10.1.2.3",
            "app.localhost",
            "LOCALHOST",
            "allkinds.example.org",
            "AllKinds.Example.org")) {
      assertTrue(check.allowed(host), host);
    }
  }

  @Test
  void otherNamesAreRefused() {
    for (String host :
        List.of(
            "evil.example.com",
            "127.0.0.1.evil.example.com",
            "localhost.evil.com",
            "",
            "1.2.3",
            "256.1.1.1",
            "example.org")) {
      assertFalse(check.allowed(host), host);
    }
    assertFalse(check.allowed(null));
  }

  @Test
  void aStarAllowsAnyName() {
    assertTrue(new HostCheck(List.of("*")).allowed("anything.example.com"));
  }
}
