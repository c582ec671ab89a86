package io.carteira.console;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Screenshots of every page of a console already running (a demo's, say), for looking at a layout
 * while changing it: {@code -Dconsole.url=http://localhost:8088 -Dconsole.shots=/tmp/shots}.
 * Skipped unless {@code console.url} is given.
 */
@EnabledIfSystemProperty(named = "console.url", matches = ".+")
class RunningConsoleScreens {

  @Test
  void everyPageAtBothSizes() throws Exception {
    Path dir = Path.of(System.getProperty("console.shots", "target/shots"));
    String language = System.getProperty("console.lang", "en-US");
    try (Browser browser = new Browser(System.getProperty("console.url"), language)) {
      String customer = System.getProperty("console.customer", "");
      for (String page :
          new String[] {
            "portfolio",
            "alerts",
            "customers",
            "customers/" + customer,
            "collections",
            "policies",
            "engine",
            "glossary/nrr"
          }) {
        browser.open(page);
        browser.await("main h1, main .markdown, main .empty", Duration.ofSeconds(20));
        Thread.sleep(1500);
        String name = System.getProperty("console.prefix", "") + page.replace('/', '-');
        String scrollTo = page.startsWith("glossary") ? ".markdown tr.target" : null;
        browser.screenshot(dir.resolve(name + ".png"), 1366, 768, scrollTo);
        browser.screenshot(dir.resolve(name + "-phone.png"), 390, 844, scrollTo);
        if (Boolean.getBoolean("console.full")) {
          browser.screenshot(dir.resolve(name + "-full.png"), 1366, 2400);
        }
      }
    }
  }
}
