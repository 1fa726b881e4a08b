package io.allkinds.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PageSizerTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void startsModestlyThenFillsTheByteBudget() {
    PageSizer sizer = new PageSizer(500, 8 * MIB);
    assertEquals(PageSizer.FIRST_PAGE, sizer.next());
    sizer.pageRead(100, 100 * 200 * 1024); // 200 KB objects
    assertEquals(40, sizer.next(), "8 MiB / 200 KiB");
  }

  @Test
  void neverAsksForMoreThanThePageSize() {
    PageSizer sizer = new PageSizer(500, 8 * MIB);
    sizer.pageRead(100, 100 * 1024); // 1 KB objects: 8192 would fit
    assertEquals(500, sizer.next());
    PageSizer tiny = new PageSizer(5, 8 * MIB);
    assertEquals(5, tiny.next());
  }

  @Test
  void followsObjectsThatGrow() {
    PageSizer sizer = new PageSizer(500, 8 * MIB);
    sizer.pageRead(500, 500 * 1024L);
    assertEquals(500, sizer.next());
    sizer.pageRead(100, 100 * 1024 * 1024L); // now 1 MiB each
    sizer.pageRead(10, 10 * 1024 * 1024L);
    assertEquals(8, sizer.next(), "within two pages the size follows the new objects");
  }

  @Test
  void aFailedPageHalvesUntilAWholeListSucceeds() {
    PageSizer sizer = new PageSizer(500, 8 * MIB);
    sizer.pageRead(500, 500 * 1024L);
    sizer.pageFailed(500);
    assertEquals(250, sizer.next());
    sizer.pageFailed(250);
    assertEquals(125, sizer.next());
    sizer.pageRead(125, 125 * 1024L);
    assertEquals(125, sizer.next(), "a good page alone does not undo the halving");
    sizer.listSucceeded();
    assertEquals(250, sizer.next());
    sizer.listSucceeded();
    assertEquals(500, sizer.next());
  }

  @Test
  void neverBelowOne() {
    PageSizer sizer = new PageSizer(2, 8 * MIB);
    sizer.pageFailed(2);
    sizer.pageFailed(1);
    assertEquals(1, sizer.next());
    sizer.pageRead(1, 100 * MIB);
    assertEquals(1, sizer.next());
  }
}
