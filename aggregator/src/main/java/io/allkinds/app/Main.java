package io.allkinds.app;

import io.allkinds.config.AllKindsConfig;
import io.allkinds.config.ConfigException;
import io.allkinds.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line entry point: {@code java -jar allkinds.jar [--config FILE]}. */
@Command(name = "allkinds", mixinStandardHelpOptions = true, subcommands = CopyStoreCommand.class,
    description = "Watches every Kubernetes object of every kind in many clusters and serves inventory and history.")
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML configuration (see config/allkinds.yaml). Without it, every context of $KUBECONFIG "
          + "or ~/.kube/config is watched.")
  private Path config;

  @Option(names = "--port", paramLabel = "PORT", description = "Overrides http.port.")
  private Integer port;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    AllKindsConfig cfg;
    try {
      ConfigLoader loader = new ConfigLoader(System.getenv());
      cfg = config == null ? loader.defaults() : loader.load(config);
    } catch (ConfigException e) {
      System.err.println("allkinds: " + e.getMessage());
      return 2;
    }
    if (port != null) {
      cfg = new AllKindsConfig(cfg.source(), cfg.clusters(), cfg.store(), cfg.http().withPort(port), cfg.sync(),
          cfg.retention(), cfg.sharding());
    }
    AllKinds app = AllKinds.start(cfg);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      app.close();
      stopped.countDown();
    }, "allkinds-shutdown"));
    stopped.await();
    return 0;
  }
}
