using MassTransit.Testing;

namespace Sms.Testing;

/// <summary>Waiting for what a background service publishes, which the harness's own waits do not see as activity.</summary>
public static class HarnessPolling
{
    /// <summary>
    /// The first message of <typeparamref name="T"/> published that matches, waiting up to ten seconds. Unlike the
    /// harness's <c>Any()</c>, it also waits after the harness has been idle (e.g. while a test moved its clock, or a background service has yet to poll).
    /// </summary>
    public static async Task<T?> PublishedEventuallyAsync<T>(this ITestHarness harness, Func<T, bool> match) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = harness.Published.Select<T>(m => match(m.Context.Message)).FirstOrDefault();
            if (found is not null) return found.Context.Message;
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }
}
