package dev.wsengine.samples.browser;

import dev.wsengine.samples.Chromium;
import dev.wsengine.samples.SampleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample pages in a real browser: headless Chromium from the distribution (packages chromium
 * and chromium-driver; .ci/run installs them), driven through its chromedriver. Browsers offer
 * permessage-deflate, so these pages run with compression negotiated. Screenshots go to
 * {@code samples/target/screenshots/}.
 */
class BrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final long WAIT_MS = 15_000;

    private static SampleServer server;
    private static Chromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.start();
        browser = chromium.driver();
        Files.createDirectories(SCREENSHOTS);
        server = new SampleServer("127.0.0.1", 0);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private static String page(String path) {
        return "http://127.0.0.1:" + server.port() + "/" + path;
    }

    @Test
    void twoWindowsInOneChatRoomSeeEachOthersMessagesAndJoins() throws Exception {
        browser.get(page("chat.html"));
        String ann = browser.getWindowHandle();
        joinChat("ann", "browser-room");
        awaitLog("ann joined");

        browser.switchTo().newWindow(WindowType.WINDOW);
        String bob = browser.getWindowHandle();
        browser.get(page("chat.html"));
        joinChat("bob", "browser-room");
        awaitLog("bob joined");

        browser.switchTo().window(ann);
        awaitLog("bob joined");
        sendChat("hello from ann");
        awaitLog("ann: hello from ann");

        browser.switchTo().window(bob);
        awaitLog("ann: hello from ann");
        sendChat("hi ann <b>not bold</b>");
        awaitLog("bob: hi ann <b>not bold</b>");
        screenshot("chat-bob.png");

        browser.switchTo().window(ann);
        awaitLog("bob: hi ann <b>not bold</b>");
        assertEquals(0, browser.findElements(By.cssSelector("#log b")).size(), "text is shown as text, not markup");
        screenshot("chat-ann.png");

        browser.switchTo().window(bob);
        browser.close();
        browser.switchTo().window(ann);
        awaitLog("bob left");
    }

    @Test
    void theTickerPageShowsPushedPricesOfTheSubscribedSymbol() throws Exception {
        browser.get(page("ticker.html"));
        await(() -> text("status").equals("connected"), "the ticker page connects");
        browser.findElement(By.id("toggle-INITECH")).click();
        await(() -> browser.findElement(By.id("toggle-INITECH")).getText().equals("Unsubscribe"), "subscribed");
        await(() -> updates("INITECH") >= 3, "three INITECH updates shown");
        assertTrue(text("price-INITECH").matches("[0-9]+\\.[0-9]{2}"), text("price-INITECH"));
        assertEquals("–", text("price-ACME"), "an unsubscribed symbol shows no price");
        screenshot("ticker.png");

        browser.findElement(By.id("toggle-INITECH")).click();
        await(() -> browser.findElement(By.id("toggle-INITECH")).getText().equals("Subscribe"), "unsubscribed");
    }

    @Test
    void theLandingPageLinksEverySample() throws Exception {
        browser.get(page(""));
        for (String link : new String[] {"chat-link", "ticker-link", "echo-link"}) {
            assertTrue(browser.findElement(By.id(link)).isDisplayed(), link);
        }
        screenshot("index.png");
        browser.findElement(By.id("echo-link")).click();
        await(() -> text("status").equals("connected"), "the echo page connects");
        browser.findElement(By.id("text")).sendKeys("echo me");
        browser.findElement(By.cssSelector("#form button")).click();
        awaitLog("echo: echo me");
        // Informational, not asserted: the pages must work whether or not compression was agreed.
        String extensions = text("extensions");
        Files.writeString(SCREENSHOTS.resolve("echo-extensions.txt"), extensions + System.lineSeparator());
        System.out.println("Chromium's echo connection: " + extensions);
        screenshot("echo.png");
    }

    private static void joinChat(String name, String room) {
        browser.findElement(By.id("name")).sendKeys(name);
        WebElement roomField = browser.findElement(By.id("room"));
        roomField.clear();
        roomField.sendKeys(room);
        browser.findElement(By.cssSelector("#join button")).click();
    }

    private static void sendChat(String message) {
        browser.findElement(By.id("text")).sendKeys(message);
        browser.findElement(By.id("send-button")).click();
    }

    private static void awaitLog(String line) throws InterruptedException {
        await(() -> browser.findElements(By.cssSelector("#log li")).stream().anyMatch(li -> li.getText().equals(line)),
                "the page shows '" + line + "'");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static int updates(String symbol) {
        String n = browser.findElement(By.id("price-" + symbol)).getAttribute("data-updates");
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Not within " + WAIT_MS / 1000 + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
