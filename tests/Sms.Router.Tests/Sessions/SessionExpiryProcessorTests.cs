using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sms.Contracts.Routing;
using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.Router.Sessions;
using Sms.Router.Tests.Support;
using StackExchange.Redis;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Sessions;

/// <summary>
/// The expiry poller against the real Redis. The sessions live an hour; the pollers' clock runs two hours ahead, so
/// they see them expired while Redis keeps their keys. Other tests' sessions in the shared expiry set may be announced
/// too: assertions look at this test's sessions only.
/// </summary>
public class SessionExpiryProcessorTests : RedisFixture
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>Writes the sessions, at the real time.</summary>
    private SessionStore Writer => Store(new ShiftedClock());

    private IOptions<RouterOptions> Options(int batchSize = 100) =>
        Microsoft.Extensions.Options.Options.Create(new RouterOptions { SessionExpiry = new SessionExpiryOptions { BatchSize = batchSize, ClaimLease = Lease } });

    private SessionStore Store(TimeProvider clock, int batchSize = 100) => NewStore(Options(batchSize).Value, clock);

    private SessionExpiryProcessor Poller(TimeProvider clock, int batchSize = 100) =>
        new(Store(clock, batchSize), Options(batchSize), NullLogger<SessionExpiryProcessor>.Instance);

    private async Task<List<ConversationSession>> SaveSessionsAsync(int count)
    {
        var sessions = new List<ConversationSession>();
        for (var i = 0; i < count; i++)
        {
            var session = Session(PaymentOptions, PaymentNumber, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), sessionType: "payment_reminder", customerNumber: CustomerNumber) with
            {
                Context = new Dictionary<string, string> { ["invoice"] = $"INV-{i}" },
            };
            Assert.That(await Writer.SaveAsync(session, CancellationToken.None), Is.EqualTo(SessionSaveResult.Stored));
            sessions.Add(session);
        }
        return sessions;
    }

    private static async Task RunUntilQuietAsync(SessionExpiryProcessor poller, ConcurrentBag<SessionExpired> published)
    {
        // Runs rounds until a round finds nothing due (bounded, so a bug cannot loop forever).
        for (var round = 0; round < 10_000; round++)
        {
            var result = await poller.RunOnceAsync((m, _) => { published.Add(m); return Task.CompletedTask; }, CancellationToken.None);
            if (result.Claimed == 0) return;
        }
    }

    [Test]
    public async Task Two_pollers_announce_each_expired_session_exactly_once()
    {
        var sessions = await SaveSessionsAsync(60);
        var later = new ShiftedClock(TimeSpan.FromHours(2));
        var published = new ConcurrentBag<SessionExpired>();

        await Task.WhenAll(
            Task.Run(() => RunUntilQuietAsync(Poller(later, batchSize: 7), published)),
            Task.Run(() => RunUntilQuietAsync(Poller(later, batchSize: 7), published)));

        var mine = published.Where(m => m.CustomerNumber == CustomerNumber).ToList();
        Assert.That(mine.Select(m => m.SessionId), Is.EquivalentTo(sessions.Select(s => s.Id)), "every session once, none twice");
    }

    [Test]
    public async Task The_event_carries_the_session_its_customer_number_type_and_context()
    {
        var session = (await SaveSessionsAsync(1))[0];
        var published = new ConcurrentBag<SessionExpired>();

        await RunUntilQuietAsync(Poller(new ShiftedClock(TimeSpan.FromHours(2))), published);

        var expired = published.Single(m => m.SessionId == session.Id);
        Assert.Multiple(() =>
        {
            Assert.That(expired.CustomerNumber, Is.EqualTo(CustomerNumber));
            Assert.That(expired.BusinessNumber, Is.EqualTo(PaymentNumber));
            Assert.That(expired.SessionType, Is.EqualTo("payment_reminder"));
            Assert.That(expired.CampaignId, Is.EqualTo("campaign-1"));
            Assert.That(expired.Context, Is.EquivalentTo(new Dictionary<string, string> { ["invoice"] = "INV-0" }));
            Assert.That(expired.ExpiredAt, Is.EqualTo(session.ExpiresAt));
        });
    }

    [Test]
    public async Task A_session_not_yet_expired_is_not_announced()
    {
        var session = (await SaveSessionsAsync(1))[0];
        var published = new ConcurrentBag<SessionExpired>();

        await RunUntilQuietAsync(Poller(new ShiftedClock(TimeSpan.FromMinutes(59))), published);
        var early = published.Count(m => m.SessionId == session.Id);
        await RunUntilQuietAsync(Poller(new ShiftedClock(TimeSpan.FromMinutes(61))), published);

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(published.Count(m => m.SessionId == session.Id), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_answered_session_never_expires()
    {
        var sessions = await SaveSessionsAsync(3);
        var answered = sessions[1];
        var match = new SessionMatch(answered, "1", "pay_now", MatchStrength.Exact, Ambiguous: false);
        Assert.That(await Writer.CloseAsync(new SessionAnswer(Guid.NewGuid(), match, DateTimeOffset.UtcNow), CancellationToken.None), Is.True);
        var published = new ConcurrentBag<SessionExpired>();

        await RunUntilQuietAsync(Poller(new ShiftedClock(TimeSpan.FromHours(2))), published);

        Assert.That(published.Where(m => m.CustomerNumber == CustomerNumber).Select(m => m.SessionId),
            Is.EquivalentTo(new[] { sessions[0].Id, sessions[2].Id }));
    }

    [Test]
    public async Task An_expiry_is_announced_once_however_often_the_pollers_run()
    {
        var session = (await SaveSessionsAsync(1))[0];
        var published = new ConcurrentBag<SessionExpired>();
        var later = new ShiftedClock(TimeSpan.FromHours(2));

        for (var i = 0; i < 3; i++) await RunUntilQuietAsync(Poller(later), published);
        later.Offset = TimeSpan.FromHours(3); // past any lease too
        await RunUntilQuietAsync(Poller(later), published);

        Assert.That(published.Count(m => m.SessionId == session.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task An_expiry_claimed_by_an_instance_that_died_is_announced_by_another_after_the_lease()
    {
        var session = (await SaveSessionsAsync(1))[0];
        var dead = Store(new ShiftedClock(TimeSpan.FromHours(2)));
        var claim = await dead.ClaimExpiredAsync(1000, Lease, CancellationToken.None);
        Assert.That(claim.SessionIds, Does.Contain((RedisValue)session.Id.ToString("D")), "the first instance claimed it, then died");
        var published = new ConcurrentBag<SessionExpired>();

        await RunUntilQuietAsync(Poller(new ShiftedClock(TimeSpan.FromHours(2))), published);
        var withinLease = published.Count(m => m.SessionId == session.Id);
        await RunUntilQuietAsync(Poller(new ShiftedClock(TimeSpan.FromHours(2) + Lease + TimeSpan.FromSeconds(5))), published);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(withinLease, Is.Zero, "nobody takes a claim over while its lease runs");
            Assert.That(published.Count(m => m.SessionId == session.Id), Is.EqualTo(1));
            Assert.That(await dead.ReadExpiringAsync(session.Id.ToString("D"), claim, CancellationToken.None), Is.Null,
                "the instance that lost its claim announces nothing when it comes back");
        });
    }
}
