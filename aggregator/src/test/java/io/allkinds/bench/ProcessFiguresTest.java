package io.allkinds.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessFiguresTest {

  private final ProcessFigures self = new ProcessFigures(ProcessHandle.current().pid());

  @Test
  void readsThisJvmsMemoryThreadsAndDescriptors() throws Exception {
    assertTrue(self.rssKb() > 0, "RSS");
    assertTrue(self.rssPeakKb() >= self.rssKb() - 1024, "the peak is at least about the RSS");
    assertTrue(self.threads() > 1, "threads");
    assertTrue(self.openFiles() > 0, "descriptors");
    assertTrue(
        self.openFileLimit().matches("(\\d+|unlimited) \\(hard .+\\)"), self.openFileLimit());
  }

  @Test
  void countsTheTcpConnectionsThisProcessHoldsByRemotePort() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Socket a = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket b = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket acceptedA = server.accept();
        Socket acceptedB = server.accept()) {
      Map<Integer, Integer> byPort = self.tcpByRemotePort();
      assertEquals(
          2, byPort.getOrDefault(server.getLocalPort(), 0), "two client sockets: " + byPort);
      assertEquals(1, byPort.getOrDefault(a.getLocalPort(), 0), "the accepted end of a");
      assertEquals(1, byPort.getOrDefault(b.getLocalPort(), 0), "the accepted end of b");
    }
  }

  @Test
  void groupsJavaThreadsByNameAndReadsTheHeapAfterAFullGc() throws Exception {
    Map<String, Integer> groups = self.threadGroups();
    assertEquals(1, groups.get("Reference Handler"), groups.toString());
    assertTrue(groups.values().stream().mapToInt(Integer::intValue).sum() > 1, groups.toString());
    assertTrue(self.heapAfterFullGcKb() > 0, "heap in use after GC");
    Map<String, Integer> kernel = self.kernelThreadGroups();
    assertEquals(1, kernel.get("Reference Handl"), "kernel names are cut at 15: " + kernel);
  }
}
