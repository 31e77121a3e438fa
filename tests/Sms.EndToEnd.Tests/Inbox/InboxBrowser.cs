using Microsoft.Playwright;
using Sms.Testing;

namespace Sms.EndToEnd.Tests.Inbox;

/// <summary>
/// Debian's chromium, headless, driven by Playwright's bundled driver (shipped inside the Microsoft.Playwright
/// package, so nothing is downloaded). Install the browser with <c>apt-get install chromium</c>; deploy/scripts
/// installs it for the test command. <c>SMS_CHROMIUM</c> points at another build.
/// </summary>
public static class InboxBrowser
{
    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("SMS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"Chromium is not installed at {ExecutablePath}: the inbox's browser tests need it. " +
                        "Install Debian's package (apt-get install chromium; deploy/test.sh does it as root) or set SMS_CHROMIUM.");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            Timeout = 60_000,
        });
        return (playwright, browser);
    }

    /// <summary>A fresh browser profile (no cookies) sized like an agent's laptop screen, pointed at the Conversations service.</summary>
    public static async Task<IBrowserContext> NewContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Platform.Conversations.BaseAddress!.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        context.SetDefaultTimeout(30_000);
        return context;
    }
}

/// <summary>
/// Screenshots of the key screens, kept for a reviewer under <c>.artifacts/test-results/inbox-screenshots/</c> (beside
/// the test results the test command keeps) and attached to the test result.
/// </summary>
public static class InboxScreenshots
{
    public static string Directory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("SMS_ROOT") is { Length: > 0 } fromEnvironment ? fromEnvironment : RepositoryRoot.Path;
            var directory = Path.Combine(root, ".artifacts", "test-results", "inbox-screenshots");
            System.IO.Directory.CreateDirectory(directory);
            return directory;
        }
    }

    public static async Task<string> SaveAsync(IPage page, string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path, fileName);
        return path;
    }

    /// <summary>A screenshot of one part of the page (a view's panel), whatever else the page shows around it.</summary>
    public static async Task<string> SaveAsync(ILocator part, string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        TestContext.AddTestAttachment(path, fileName);
        return path;
    }

}
