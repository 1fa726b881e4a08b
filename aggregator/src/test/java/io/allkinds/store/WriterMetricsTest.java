package io.allkinds.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.allkinds.model.ObservedObject;
import io.allkinds.model.ResourceType;
import io.allkinds.model.StoreOp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriterMetricsTest {

  private static final ResourceType CM =
      new ResourceType("", "v1", "configmaps", "ConfigMap", true);

  private static StoreOp op(int n) {
    return new StoreOp.Listed(
        "c", CM, 1, new ObservedObject("ns", "n" + n, "u" + n, "1", Map.of(), null, new byte[8]));
  }

  @Test
  void thePeakDepthIsTheHighWaterMarkAndStaysAfterTheQueueDrains() throws Exception {
    OpQueue queue = new OpQueue(100, 1 << 20);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new WriterMetrics(registry, queue);
    assertEquals(0.0, registry.get("allkinds.queue.depth.peak").gauge().value());

    for (int i = 0; i < 7; i++) {
      queue.put(op(i));
    }
    List<StoreOp> out = new ArrayList<>();
    assertEquals(5, queue.drain(out, 5, Long.MAX_VALUE, 100));
    queue.put(op(7));
    queue.put(op(8));

    assertEquals(4.0, registry.get("allkinds.queue.depth").gauge().value(), "now waiting");
    assertEquals(7.0, registry.get("allkinds.queue.depth.peak").gauge().value(), "most at once");
    String scrape = registry.scrape();
    assertTrue(
        scrape.lines().anyMatch(l -> l.equals("allkinds_queue_depth_peak 7.0")),
        "exposed on /metrics as allkinds_queue_depth_peak:\n" + scrape);
  }
}
