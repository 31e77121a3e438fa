using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Testing;

namespace Sms.Compliance.Tests.Data;

/// <summary>Against the real Redis and PostgreSQL; every test uses a number of its own.</summary>
public class ConsentCacheTests : ComplianceDatabaseFixture
{
    private const string Scope = "default";

    private ConsentCache? _cache;

    private ConsentCache Cache => _cache ??= new ConsentCache(Redis, Ledger, TimeProvider.System);

    [Test]
    public async Task The_second_read_is_served_from_theCache_until_a_change_invalidates_it()
    {
        var number = TestNumbers.Unique();
        await using (var first = await Cache.EnterSendAsync(number, Scope, CancellationToken.None))
            Assert.That(first.FromCache, Is.False);

        // Written behind the cache's back: the cache still serves the state it has.
        await RecordAsync(number, ConsentKind.OptOut);
        await using (var cached = await Cache.EnterSendAsync(number, Scope, CancellationToken.None))
        {
            Assert.That(cached.FromCache, Is.True);
            Assert.That(cached.State.Overall, Is.EqualTo(ConsentStatus.None));
        }

        await Cache.InvalidateAsync(number, Scope, drain: true, CancellationToken.None);
        await using var fresh = await Cache.EnterSendAsync(number, Scope, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(fresh.FromCache, Is.False);
            Assert.That(fresh.State.Overall, Is.EqualTo(ConsentStatus.OptedOut));
            Assert.That(fresh.State.Latest!.Rule, Is.EqualTo("keyword:STOP"));
        });
    }

    [Test]
    public async Task An_opt_out_waits_for_the_sends_in_flight_before_it_returns()
    {
        var number = TestNumbers.Unique();
        var inFlight = await Cache.EnterSendAsync(number, Scope, CancellationToken.None);

        var invalidation = Cache.InvalidateAsync(number, Scope, drain: true, CancellationToken.None);
        var finishedEarly = await Task.WhenAny(invalidation, Task.Delay(300)) == invalidation;
        await inFlight.DisposeAsync();
        await invalidation;

        Assert.That(finishedEarly, Is.False, "the invalidation returned while a send was still being decided");
    }

    [Test]
    public async Task An_opt_in_does_not_wait_for_sends_in_flight()
    {
        var number = TestNumbers.Unique();
        await using var inFlight = await Cache.EnterSendAsync(number, Scope, CancellationToken.None);

        var invalidation = Cache.InvalidateAsync(number, Scope, drain: false, CancellationToken.None);

        Assert.That(await Task.WhenAny(invalidation, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(invalidation));
    }

    private Task RecordAsync(string number, ConsentKind kind)
    {
        var messageId = Guid.NewGuid();
        return Ledger.RecordAsync(new ConsentEvent
        {
            Number = number,
            Scope = Scope,
            Kind = kind,
            Source = ConsentSource.Keyword,
            Rule = kind == ConsentKind.OptOut ? "keyword:STOP" : "keyword:START",
            EvidenceMessageId = messageId,
            OccurredAt = DateTimeOffset.UtcNow,
        }, messageId, CancellationToken.None);
    }
}
