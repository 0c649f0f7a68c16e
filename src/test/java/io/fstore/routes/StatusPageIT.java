package io.fstore.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fstore.it.FStoreHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's chromedriver
 * (.ci/run installs both). Two groups on PostgreSQL: one that stored 300 orders, one whose query fails with an error
 * that carries HTML markup (which the page must show as text). A screenshot goes to target/ (not the repository).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageIT {

    private static final int ROWS = 300;
    private static final String DAILY = "schedule: \"0 0 3 * * ?\"";

    @TempDir(factory = Orders.TempDirs.class)
    static Path work;
    private Orders orders;
    private FStoreHarness fstore;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        orders = Orders.create("page", ROWS);
        Path features = work.resolve("features");
        Orders.write(features, "orders_ok", orders.group("orders_ok", "pg", "SELECT customer_id, amount, ts FROM %s",
                "", DAILY));
        Orders.write(features, "orders_broken", orders.group("orders_broken", "pg",
                "SELECT customer_id, CAST('<img src=x onerror=alert(1)>' AS INT) AS amount, ts FROM %s", "", DAILY));
        Map<String, String> props = new HashMap<>(orders.connection("pg"));
        fstore = new FStoreHarness(work, props);
        fstore.run("orders_ok");
        fstore.run("orders_ok");
        try {
            fstore.run("orders_broken");
        } catch (RuntimeException expected) {
            // recorded as failed
        }
        profile = Files.createTempDirectory("fstore-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,700", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.get("http://127.0.0.1:" + fstore.port + "/ui");
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(b -> b.findElements(By.cssSelector("#groups tbody tr")).size() == 2);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            try {
                if (fstore != null) {
                    fstore.close();
                }
            } finally {
                orders.close();
                if (profile != null) {
                    try (var files = Files.walk(profile)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    private WebElement cell(String group, String cssClass) {
        return browser.findElement(By.cssSelector("tr[data-group='" + group + "'] td." + cssClass));
    }

    @Test
    void every_group_is_listed_with_its_status_and_the_rows_its_runs_stored() throws Exception {
        List<String> names = browser.findElements(By.cssSelector("#groups tbody td.name")).stream()
                .map(WebElement::getText).toList();
        assertThat(names).containsExactly("orders_broken", "orders_ok");
        assertThat(cell("orders_ok", "status").getText()).isEqualTo("succeeded");
        assertThat(cell("orders_ok", "rows").getText()).as("two runs of 300").isEqualTo("600");
        assertThat(cell("orders_ok", "rows").getAttribute("title")).isEqualTo("300 in the last run");
        assertThat(cell("orders_ok", "freshness").getText()).endsWith(" d");
        assertThat(cell("orders_ok", "last-run").getText()).endsWith("s ago");
        assertThat(browser.findElement(By.id("summary")).getText()).startsWith("2 group(s), 1 failed");
        Files.write(Path.of("target", "status-page.png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void recent_run_durations_are_drawn_as_a_sparkline() {
        WebElement okRuns = cell("orders_ok", "runs").findElement(By.tagName("svg"));
        assertThat(okRuns.getAttribute("data-runs")).isEqualTo("2");
        assertThat(okRuns.findElements(By.tagName("rect"))).hasSize(2);
        WebElement brokenRuns = cell("orders_broken", "runs").findElement(By.tagName("svg"));
        assertThat(brokenRuns.findElements(By.cssSelector("rect.failed"))).hasSize(1);
    }

    @Test
    void a_failed_group_shows_its_error_as_text_with_a_link_to_its_definition() {
        assertThat(cell("orders_broken", "status").getText()).isEqualTo("failed");
        WebElement error = cell("orders_broken", "error");
        assertThat(error.getText()).contains("invalid input syntax for type integer: \"<img src=x onerror=alert(1)>\"");
        assertThat(error.findElements(By.tagName("img"))).isEmpty();
        assertThat(error.findElement(By.tagName("a")).getAttribute("href"))
                .isEqualTo("http://127.0.0.1:" + fstore.port + "/groups/orders_broken");
        assertThat(cell("orders_ok", "error").getText()).isEmpty();
    }

    @Test
    void the_group_link_leads_to_its_definition_and_runs() throws Exception {
        String href = cell("orders_ok", "name").findElement(By.tagName("a")).getAttribute("href");
        var answer = fstore.getJson(href.substring(href.indexOf("/groups")));
        assertThat(answer.path("name").asText()).isEqualTo("orders_ok");
        assertThat(answer.path("runs").size()).isEqualTo(2);
    }
}
