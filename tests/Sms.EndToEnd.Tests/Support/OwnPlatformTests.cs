using Sms.Testing;

namespace Sms.EndToEnd.Tests.Support;

/// <summary>
/// Base of a fixture that runs its own instance of the platform (not the shared one of <see cref="Platform"/>) on its
/// own ports, each process started by the test in the order it needs; the services' output is kept in
/// <paramref name="outputLog"/> when a test failed. A fixture that puts something of its own between the platform
/// and the test servers (a broker node, a proxy) starts it in <see cref="ServersAsync"/>.
/// </summary>
/// <param name="portBase">The first of the ports the fixture's processes take (see <see cref="PlatformLauncher"/>).</param>
/// <param name="outputLog">The file, in the test's work directory, for the services' output after a failure.</param>
public abstract class OwnPlatformTests(int portBase, string outputLog)
{
    /// <summary>The servers this fixture's platform runs against.</summary>
    protected Servers Servers { get; private set; } = null!;

    protected PlatformLauncher Launcher { get; private set; } = null!;

    /// <summary>The servers the platform runs against: the shared test servers unless the fixture overrides this.</summary>
    protected virtual Task<Servers> ServersAsync(Servers shared) => Task.FromResult(shared);

    /// <summary>Stops what <see cref="ServersAsync"/> started, once the platform's processes have stopped.</summary>
    protected virtual ValueTask StopServersAsync() => ValueTask.CompletedTask;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Servers = await ServersAsync(await Servers.GetAsync());
        Launcher = new PlatformLauncher(Servers, portBase);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Launcher is not null)
        {
            await Launcher.KeepOutputOnFailureAsync(outputLog);
            await Launcher.DisposeAsync();
        }
        await StopServersAsync();
    }
}
