package dev.wsengine.samples;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Chromium from the distribution (Debian's chromium and chromium-driver, which .ci/run
 * installs), both paths given, so Selenium never runs its Selenium Manager (which would download a
 * driver). The samples' browser tests and the standalone distributions' share it.
 */
public final class Chromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final long WAIT_MS = 15_000;

    private final ChromeDriverService service;
    private final WebDriver browser;

    private Chromium(ChromeDriverService service, WebDriver browser) {
        this.service = service;
        this.browser = browser;
    }

    public static Chromium start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + ": install Debian's packages with "
                    + "'apt-get install chromium chromium-driver' (.ci/run does it when they are missing)");
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1000,800",
                "--user-data-dir=" + Files.createTempDirectory("wsengine-chromium"));
        try {
            return new Chromium(service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /**
     * Ann and Bob join {@code room} on the chat page in two windows, each sees the other join and
     * the other's message, and Ann sees Bob leave when his window closes.
     */
    public void chatInTwoWindows(String chatPage, String room) throws InterruptedException {
        browser.get(chatPage);
        String ann = browser.getWindowHandle();
        join("ann", room);
        awaitLog("ann joined");

        browser.switchTo().newWindow(WindowType.WINDOW);
        String bob = browser.getWindowHandle();
        browser.get(chatPage);
        join("bob", room);
        awaitLog("bob joined");

        browser.switchTo().window(ann);
        awaitLog("bob joined");
        say("hello from ann");
        awaitLog("ann: hello from ann");

        browser.switchTo().window(bob);
        awaitLog("ann: hello from ann");
        say("hi ann");
        awaitLog("bob: hi ann");

        browser.switchTo().window(ann);
        awaitLog("bob: hi ann");

        browser.switchTo().window(bob);
        browser.close();
        browser.switchTo().window(ann);
        awaitLog("bob left");
    }

    /** The browser, for tests that drive pages of their own. */
    public WebDriver driver() {
        return browser;
    }

    private void join(String name, String room) {
        browser.findElement(By.id("name")).sendKeys(name);
        WebElement roomField = browser.findElement(By.id("room"));
        roomField.clear();
        roomField.sendKeys(room);
        browser.findElement(By.cssSelector("#join button")).click();
    }

    private void say(String message) {
        browser.findElement(By.id("text")).sendKeys(message);
        browser.findElement(By.id("send-button")).click();
    }

    private void awaitLog(String line) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        BooleanSupplier shown = () -> browser.findElements(By.cssSelector("#log li")).stream()
                .anyMatch(li -> li.getText().equals(line));
        while (!shown.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Not within " + WAIT_MS / 1000 + " s: the chat page shows '" + line
                        + "' (page " + browser.getCurrentUrl() + ")");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            service.stop();
        }
    }
}
