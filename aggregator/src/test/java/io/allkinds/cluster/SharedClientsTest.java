package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedClientsTest {

  /** Counts its closes, so that a test sees when (and how often) the last holder closed it. */
  private static final class Counted implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void holdersOfOneKeyShareOneInstanceAndOnlyTheLastReleaseClosesIt() {
    SharedClients<String, Counted> shared = new SharedClients<>(8);
    AtomicInteger created = new AtomicInteger();
    SharedClients.Lease<Counted> a =
        shared.acquire(
            "server-1",
            () -> {
              created.incrementAndGet();
              return new Counted();
            });
    SharedClients.Lease<Counted> b = shared.acquire("server-1", Counted::new);
    SharedClients.Lease<Counted> other = shared.acquire("server-2", Counted::new);

    assertSame(a.get(), b.get());
    assertNotSame(a.get(), other.get());
    assertEquals(1, created.get());
    assertEquals(2, b.holdersAtAcquire());
    assertEquals(2, shared.holders("server-1"));
    assertEquals(2, shared.size());

    a.close();
    a.close(); // a second release by the same holder changes nothing
    assertEquals(0, b.get().closes.get(), "still held by b");
    assertEquals(1, shared.holders("server-1"));

    b.close();
    assertEquals(1, b.get().closes.get(), "the last release closes it, once");
    assertEquals(0, shared.holders("server-1"));
    assertEquals(0, other.get().closes.get(), "another key's instance is untouched");
    assertEquals(1, shared.size());

    SharedClients.Lease<Counted> again = shared.acquire("server-1", Counted::new);
    assertNotSame(b.get(), again.get(), "a closed instance is never handed out again");
    again.close();
    other.close();
    assertEquals(0, shared.size());
  }

  @Test
  void pastMaxHoldersAKeyGetsAnotherInstance() {
    SharedClients<String, Counted> shared = new SharedClients<>(2);
    var a = shared.acquire("server", Counted::new);
    var b = shared.acquire("server", Counted::new);
    var c = shared.acquire("server", Counted::new);
    assertSame(a.get(), b.get());
    assertNotSame(a.get(), c.get(), "a third holder gets a second instance");
    assertEquals(2, shared.size());
    assertEquals(3, shared.holders("server"));

    a.close();
    var d = shared.acquire("server", Counted::new);
    assertSame(b.get(), d.get(), "a freed place in the first instance is taken again");
    assertEquals(2, shared.size());

    c.close();
    assertEquals(1, c.get().closes.get());
    b.close();
    d.close();
    assertEquals(1, b.get().closes.get());
    assertEquals(0, shared.size());
  }
}
