package io.fstore.probe10;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.fstore.it.FStoreHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Review probes of issue #10: the status page (Selenium, Debian's headless Chromium) with a run history shorter than
 * the page's 20 runs, with no groups, and with a group whose state file cannot be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageProbeIT {

    @TempDir(factory = P10.TempDirs.class)
    static Path work;
    private final String table = P10.table("page");
    private FStoreHarness fstore;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        P10.orders(table, 30);
        P10.group(work.resolve("five"), "short", "SELECT customer_id, amount, ts FROM " + table, "");
        Map<String, String> props = new HashMap<>(P10.pg());
        props.put("fstore.runs.history", "5"); // a valid setting: 1 to 1000
        fstore = new FStoreHarness(work.resolve("five"), props);
        fstore.run("short");
        fstore.run("short");
        profile = Files.createTempDirectory("fstore-probe10-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,700", "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
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
                P10.drop(table);
                if (profile != null) {
                    try (var files = Files.walk(profile)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    private void open(int port, int rows) {
        browser.get("http://127.0.0.1:" + port + "/ui");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> !b.findElement(By.id("summary")).getText()
                .startsWith("Loading") || b.findElement(By.id("problem")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#groups tbody tr"))).hasSize(rows);
    }

    @Test
    void with_a_history_of_five_runs_the_sparkline_still_shows_the_runs() {
        open(fstore.port, 1);
        WebElement spark = browser.findElement(By.cssSelector("tr[data-group='short'] td.runs svg"));
        assertThat(spark.getAttribute("data-runs")).as("the page asks every kept run, not ?runs=20 above fstore.runs.history")
                .isEqualTo("2");
    }

    @Test
    void a_group_whose_state_cannot_be_read_is_shown_unknown_with_the_file_named() throws Exception {
        Path state = fstore.dataDir.resolve("state").resolve("short.json");
        String saved = Files.readString(state);
        Files.writeString(state, "{ cut short");
        try {
            open(fstore.port, 1);
            assertThat(browser.findElement(By.cssSelector("tr[data-group='short'] td.status")).getText())
                    .isEqualTo("unknown");
            assertThat(browser.findElement(By.cssSelector("tr[data-group='short'] td.error")).getText())
                    .contains(state.toString());
            assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
        } finally {
            Files.writeString(state, saved);
        }
    }

    @Test
    void with_no_groups_the_page_says_zero_groups() throws Exception {
        try (FStoreHarness empty = new FStoreHarness(work.resolve("empty"), P10.pg())) {
            open(empty.port, 0);
            assertThat(browser.findElement(By.id("summary")).getText()).startsWith("0 group(s), 0 failed · updated ");
            assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
        }
    }
}
