using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sms.EndToEnd.Tests.Inbox;
using static Microsoft.Playwright.Assertions;

namespace Sms.EndToEnd.Tests.Support;

/// <summary>
/// Base of the inbox's browser tests: one headless chromium for the fixture (<see cref="InboxBrowser"/>), a fresh
/// browser profile for each page a test opens, a screenshot of every open page when a test fails, and every profile
/// closed after each test. Pages sign in through the login form, as an agent does.
/// </summary>
public abstract class InboxBrowserTests : PlatformTests
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<(string? Name, IPage Page)> _pages = [];
    private IPlaywright? _playwright;

    protected IBrowser Browser { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task LaunchBrowserAsync()
    {
        (_playwright, Browser) = await InboxBrowser.LaunchAsync();
        SetDefaultExpectTimeout(20_000);
    }

    [OneTimeTearDown]
    public async Task CloseBrowserAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }

    [TearDown]
    public async Task ClosePagesAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            var test = TestContext.CurrentContext.Test.Name;
            foreach (var (name, page) in _pages)
                await InboxScreenshots.SaveAsync(page, name is null ? $"failed-{test}.png" : $"failed-{test}-{name}.png");
        }
        foreach (var context in _contexts) await context.CloseAsync();
        _contexts.Clear();
        _pages.Clear();
    }

    /// <summary>
    /// A page in a fresh browser profile (no cookies), closed after the test. <paramref name="name"/> tells its
    /// screenshot apart when a test opens several; <paramref name="prepare"/> sets up the profile before the page opens.
    /// </summary>
    protected async Task<IPage> OpenPageAsync(string? name = null, Func<IBrowserContext, Task>? prepare = null)
    {
        var context = await InboxBrowser.NewContextAsync(Browser);
        _contexts.Add(context);
        if (prepare is not null) await prepare(context);
        var page = await context.NewPageAsync();
        _pages.Add((name, page));
        return page;
    }

    /// <summary>The page this test opened under <paramref name="name"/>.</summary>
    protected IPage OpenedPage(string name) => _pages.Last(p => p.Name == name).Page;

    /// <summary>Signs in through the login form (the bootstrap admin unless told) and waits for the live inbox.</summary>
    protected static async Task SignInAsync(
        IPage page, string username = PlatformLauncher.InboxAdminUsername, string password = PlatformLauncher.InboxAdminPassword)
    {
        await page.GotoAsync("/inbox/login.html");
        await page.GetByTestId("login-username").FillAsync(username);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/inbox/(#.*)?$"));
        await Expect(page.GetByTestId("connection-state")).ToHaveTextAsync("Live");
    }
}
