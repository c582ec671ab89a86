package io.carteira.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the console's tests: Debian's chromium, headless, driven through the system's
 * chromedriver (no driver or browser is downloaded). Screenshots are of the viewport at the size
 * asked, as a person would see the page.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final String base;

  Browser(String base, String language) {
    this.base = base;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--lang=" + language,
        "--window-size=1366,768");
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  void open(String hash) {
    driver.get(base + "/#/" + hash);
  }

  /** Follows a link within the console, as a click would: no page load. */
  void go(String hash) {
    driver.executeScript("location.hash = arguments[0]", "#/" + hash);
  }

  /** Waits up to {@code timeout} for an element that {@code css} selects. */
  WebElement await(String css, Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
        .withMessage(() -> "no element " + css + " on " + driver.getCurrentUrl())
        .until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  /**
   * What {@code read} makes of the first element {@code css} selects, once there is one: read again
   * from the start if the page redraws it meanwhile (the pages redraw as changes come in).
   */
  <T> T read(String css, java.util.function.Function<WebElement, T> read, Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .withMessage(() -> "no element " + css + " on " + driver.getCurrentUrl())
        .until(
            d -> {
              List<WebElement> found = d.findElements(By.cssSelector(css));
              return found.isEmpty() ? null : read.apply(found.get(0));
            });
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The viewport at width × height, scrolled to the top, saved as a PNG. */
  void screenshot(Path file, int width, int height) throws IOException, InterruptedException {
    screenshot(file, width, height, null);
  }

  /**
   * The viewport at width × height, scrolled to the top or so that what {@code scrollTo} selects
   * (when not null) is at the top, saved as a PNG.
   */
  void screenshot(Path file, int width, int height, String scrollTo)
      throws IOException, InterruptedException {
    driver.manage().window().setSize(new Dimension(width, height));
    // the viewport exactly, whatever the window around it takes
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        java.util.Map.of(
            "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    driver.executeScript("window.scrollTo(0, 0)");
    if (scrollTo != null) {
      driver.executeScript(
          "const e = document.querySelector(arguments[0]);"
              + " if (e) window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 60)",
          scrollTo);
    }
    Thread.sleep(600);
    Files.createDirectories(file.getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
  }

  @Override
  public void close() {
    driver.quit();
  }
}
