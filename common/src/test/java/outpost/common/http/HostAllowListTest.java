package outpost.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostAllowListTest {
  @Test
  void loopbackNamesAreAlwaysAllowedInEverySpelling() {
    HostAllowList hosts = HostAllowList.of("127.0.0.1", List.of());
    for (String h : List.of("localhost", "LocalHost", "127.0.0.1", "127.255.0.9", "127.000.000.001", "::1", "[::1]",
        "[0:0:0:0:0:0:0:1]")) {
      assertTrue(hosts.allows(h), h);
    }
    for (String h : List.of("evil.example", "localhost.evil.example", "128.0.0.1", "127.0.0.256", "10.0.0.1",
        "[::2]", "", "1.2.3.4.5", ".:", "evil.example:8080")) {
      assertFalse(hosts.allows(h), h);
    }
  }

  @Test
  void theBoundAddressAndConfiguredNamesAreAllowed() {
    HostAllowList hosts = HostAllowList.of("192.168.1.20", List.of("Clinic-A.local", "[fd00::5]"));
    assertTrue(hosts.allows("192.168.1.20"));
    assertTrue(hosts.allows("clinic-a.LOCAL"));
    assertTrue(hosts.allows("fd00:0:0:0:0:0:0:5"));
    assertFalse(hosts.allows("192.168.1.21"));
    assertFalse(hosts.allows("clinic-b.local"));
  }

  @Test
  void aWildcardBindAllowsThisMachinesOwnAddressesOnly() {
    HostAllowList hosts = HostAllowList.of("0.0.0.0", List.of());
    assertTrue(hosts.allows("127.0.0.1"));
    assertFalse(hosts.allows("0.0.0.0"), "the wildcard is not an address a client can reach");
    assertFalse(hosts.allows("evil.example"));
    assertFalse(hosts.allows("203.0.113.7"));
  }

  @Test
  void onlyHostNamesAndAddressesCanBeConfigured() {
    for (String ok : List.of("clinic-a.local", "hub", "10.0.0.5", "::1", "[fd00::1]", "xn--bcher-kva.example")) {
      assertNull(HostAllowList.invalid(ok), ok);
    }
    for (String bad : List.of("", " ", "clinic-a.local:8080", "http://clinic-a.local", "*.local", "a b", "1.2.3",
        "clinic-a.local/", "-x.local", "999.1.1.1")) {
      assertNotNull(HostAllowList.invalid(bad), bad);
    }
  }
}
