using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sms.Outbound.Extensions;
using Sms.Outbound.RateLimits;
using Sms.Outbound.Tests.Support;
using StackExchange.Redis;

namespace Sms.Outbound.Tests.RateLimits;

/// <summary>The Redis limiter against the real Redis, as two Outbound instances (two connections) sharing the limits.</summary>
public class RedisRateLimiterTests : OutboundFixture
{
    private static RedisRateLimiter Limiter(IConnectionMultiplexer redis, int maxWaitSeconds, int marginMilliseconds = 100) => new(
        redis,
        Options.Create(new RateLimitOptions { MaxWaitSeconds = maxWaitSeconds, WindowMarginMilliseconds = marginMilliseconds }),
        TimeProvider.System,
        NullLogger<RedisRateLimiter>.Instance);

    private static RateLimit Window(int limit) => new($"sms:outbound:rate:test:{Guid.NewGuid():N}", limit);

    [Test]
    public async Task Two_instances_share_one_limit()
    {
        var window = Window(3);
        // One second is less than the window (1.1 s), so a full window refuses at once instead of waiting.
        var a = Limiter(Redis, maxWaitSeconds: 1);
        var b = Limiter(await SecondConnectionAsync(), maxWaitSeconds: 1);

        var granted = new[]
        {
            await a.TryAcquireAsync([window], CancellationToken.None) is not null,
            await b.TryAcquireAsync([window], CancellationToken.None) is not null,
            await a.TryAcquireAsync([window], CancellationToken.None) is not null,
        };
        var refusedOnA = await a.TryAcquireAsync([window], CancellationToken.None) is not null;
        var refusedOnB = await b.TryAcquireAsync([window], CancellationToken.None) is not null;

        Assert.Multiple(async () =>
        {
            Assert.That(granted, Has.All.True);
            Assert.That(refusedOnA, Is.False);
            Assert.That(refusedOnB, Is.False);
            Assert.That(await Redis.GetDatabase().SortedSetLengthAsync(window.Key), Is.EqualTo(3), "a refusal takes no slot");
        });
    }

    [Test]
    public async Task Grants_from_two_instances_at_once_never_exceed_the_limit_in_any_one_second_window()
    {
        const int limit = 4;
        var window = Window(limit);
        var a = Limiter(Redis, maxWaitSeconds: 30);
        var b = Limiter(await SecondConnectionAsync(), maxWaitSeconds: 30);
        var grants = new ConcurrentBag<DateTimeOffset>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            var limiter = i % 2 == 0 ? a : b;
            if (await limiter.TryAcquireAsync([window], CancellationToken.None) is not null) grants.Add(DateTimeOffset.UtcNow);
        }));

        Assert.Multiple(() =>
        {
            Assert.That(grants, Has.Count.EqualTo(16), "every caller waited for its slot");
            Assert.That(SlidingWindow.MostInAnyWindow(grants, TimeSpan.FromSeconds(1)), Is.LessThanOrEqualTo(limit));
        });
    }

    [Test]
    public async Task A_send_needs_a_slot_in_every_window_and_takes_none_when_one_is_full()
    {
        var account = Window(10);
        var busyNumber = Window(1);
        var otherNumber = Window(1);
        var limiter = Limiter(Redis, maxWaitSeconds: 1);

        var firstSend = await limiter.TryAcquireAsync([account, busyNumber], CancellationToken.None) is not null;
        var sameNumberAgain = await limiter.TryAcquireAsync([account, busyNumber], CancellationToken.None) is not null;
        var otherNumberSend = await limiter.TryAcquireAsync([account, otherNumber], CancellationToken.None) is not null;

        Assert.Multiple(async () =>
        {
            Assert.That(firstSend, Is.True);
            Assert.That(sameNumberAgain, Is.False, "the number's window is full");
            Assert.That(otherNumberSend, Is.True, "the account still has room");
            Assert.That(await Redis.GetDatabase().SortedSetLengthAsync(account.Key), Is.EqualTo(2), "the refused send took no account slot");
        });
    }

    [Test]
    public async Task A_full_window_makes_the_send_wait_for_the_next_slot_rather_than_refusing()
    {
        var window = Window(1);
        var limiter = Limiter(await SecondConnectionAsync(), maxWaitSeconds: 5, marginMilliseconds: 0);
        await limiter.TryAcquireAsync([window], CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var granted = await limiter.TryAcquireAsync([window], CancellationToken.None) is not null;
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(granted, Is.True);
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)), "it waited for the first grant to leave the window");
        });
    }

    [Test]
    public async Task A_finished_send_counts_from_its_end_so_the_next_waits_a_full_window_after_it()
    {
        var window = Window(1);
        var limiter = Limiter(Redis, maxWaitSeconds: 5, marginMilliseconds: 0);
        var slot = await limiter.TryAcquireAsync([window], CancellationToken.None);
        var grantedAt = await Redis.GetDatabase().SortedSetScoreAsync(window.Key, slot!.Member);

        await Task.Delay(300); // the request took a while to go and come back
        await limiter.RestampAsync(slot);
        var endedAt = await Redis.GetDatabase().SortedSetScoreAsync(window.Key, slot.Member);
        var watch = Stopwatch.StartNew();
        var next = await limiter.TryAcquireAsync([window], CancellationToken.None);
        watch.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(endedAt, Is.GreaterThanOrEqualTo(grantedAt!.Value + 250_000),
                "moved to the send's end (µs), not removed");
            Assert.That(next, Is.Not.Null);
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)), "a full window after the end, not after the grant");
        });
    }

    [Test]
    public async Task The_log_expires_shortly_after_its_window()
    {
        var window = Window(5);
        await Limiter(Redis, maxWaitSeconds: 1).TryAcquireAsync([window], CancellationToken.None);

        var ttl = await Redis.GetDatabase().KeyTimeToLiveAsync(window.Key);

        Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMilliseconds(2100)));
    }

    [Test]
    public void A_cancelled_wait_stops_with_cancellation()
    {
        var window = Window(1);
        var limiter = Limiter(Redis, maxWaitSeconds: 30);
        using var cancel = new CancellationTokenSource();

        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () =>
        {
            await limiter.TryAcquireAsync([window], CancellationToken.None);
            cancel.CancelAfter(200);
            await limiter.TryAcquireAsync([window], cancel.Token);
        });
    }
}
