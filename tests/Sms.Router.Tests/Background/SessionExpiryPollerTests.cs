using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Routing;
using Sms.Router.Data;
using Sms.Router.Tests.Support;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Background;

/// <summary>The router as hosted (its own <c>Program</c>, the bus swapped for the test harness): its poller publishes the event.</summary>
public class SessionExpiryPollerTests : RedisFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Test]
    public async Task A_session_that_expires_unanswered_is_published_as_SessionExpired_by_the_running_router()
    {
        await using var app = await TestRouter.HostAsync(new Dictionary<string, string> { ["Router:SessionExpiry:PollInterval"] = "00:00:00.100" });
        _ = app.Services; // starts the host, and with it the poller
        var harness = app.Services.GetRequiredService<ITestHarness>();
        var store = NewStore();
        var session = Session(AppointmentOptions, AppointmentNumber, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), customerNumber: CustomerNumber);
        Assert.That(await store.SaveAsync(session, CancellationToken.None), Is.EqualTo(SessionSaveResult.Stored));

        var published = await WaitForAsync(harness, session.Id);

        Assert.Multiple(() =>
        {
            Assert.That(published, Has.Count.EqualTo(1), $"published within {Patience.TotalSeconds} s of the expiry, once");
            Assert.That(published.FirstOrDefault()?.CustomerNumber, Is.EqualTo(CustomerNumber));
            Assert.That(published.FirstOrDefault()?.Context["appointment_id"], Is.EqualTo("appt-42"));
        });
    }

    private static async Task<List<SessionExpired>> WaitForAsync(ITestHarness harness, Guid sessionId)
    {
        List<SessionExpired> found = [];
        var deadline = DateTime.UtcNow + Patience;
        while (found.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            found = harness.Published.Select<SessionExpired>(p => p.Context.Message.SessionId == sessionId).Select(p => p.Context.Message).ToList();
        }
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // a few more polls: a second announcement would show now
        return harness.Published.Select<SessionExpired>(p => p.Context.Message.SessionId == sessionId).Select(p => p.Context.Message).ToList();
    }
}
