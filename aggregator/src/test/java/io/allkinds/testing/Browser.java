package io.allkinds.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven through its chromedriver, with waits and screenshots. */
public final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final WebDriver driver;
  private final Path screenshots;
  private final Path profile;

  public Browser(Path screenshots, int width, int height) throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          "Chromium and chromedriver are not installed: run deploy/test-env/install.sh");
    }
    this.screenshots = screenshots;
    Files.createDirectories(screenshots);
    profile = Files.createTempDirectory("allkinds-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  public <T> T await(String what, ExpectedCondition<T> condition) {
    // An element the view re-rendered while the condition read it is asked for again.
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .withMessage(what)
        .ignoring(StaleElementReferenceException.class)
        .until(condition);
  }

  /** Waits until the current view has rendered (or failed) and returns the main element. */
  public WebElement view(String name) {
    return await(
        "view " + name + " ready",
        d -> {
          WebElement main = d.findElement(By.id("main"));
          return name.equals(main.getAttribute("data-view"))
                  && "ready".equals(main.getAttribute("data-state"))
              ? main
              : null;
        });
  }

  public void screenshot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(screenshots.resolve(name + ".png"), png);
  }

  @Override
  public void close() throws Exception {
    driver.quit();
    TestFiles.deleteTree(profile);
  }
}
