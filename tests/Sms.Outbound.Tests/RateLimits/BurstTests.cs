using Microsoft.Extensions.DependencyInjection;
using Sms.Outbound.Carriers;
using Sms.Outbound.RateLimits;
using Sms.Outbound.Tests.Support;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.Outbound.Tests.RateLimits;

/// <summary>
/// A burst through two Outbound instances (each with the service's own wiring and its own Redis connection) to one
/// sending number, checked against the times the carrier recorded.
/// </summary>
public class BurstTests : OutboundFixture
{
    /// <summary>One Outbound instance sending from <paramref name="longCode"/> at most <paramref name="perSecond"/> a second, over <paramref name="redis"/>.</summary>
    private ServiceProvider Instance(string apiKey, string longCode, int perSecond, IConnectionMultiplexer redis) => Outbound(new Dictionary<string, string?>
    {
        ["Vonage:ApiKey"] = apiKey,
        [$"Outbound:RateLimits:Numbers:{longCode.TrimStart('+')}"] = perSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Outbound:RateLimits:MaxWaitSeconds"] = "60",
        ["Outbound:Resilience:TotalTimeoutSeconds"] = "90",
    }, redis: redis);

    [Test]
    public async Task A_burst_of_200_sends_to_one_long_code_never_exceeds_its_limit_in_any_one_second_window()
    {
        // 15/s rather than a real long code's 1/s keeps the test near 15 s; the rule is the same for any limit.
        const int perSecond = 15;
        const int sends = 200;
        var longCode = TestNumbers.Unique();
        var apiKey = $"burst{Guid.NewGuid():N}"[..16];
        var a = Instance(apiKey, longCode, perSecond, Redis);
        var b = Instance(apiKey, longCode, perSecond, await SecondConnectionAsync());
        var ids = Enumerable.Range(0, sends).Select(_ => Guid.NewGuid()).ToList();

        var results = await Task.WhenAll(ids.Select((id, i) =>
        {
            var client = (i % 2 == 0 ? a : b).GetRequiredService<ICarrierClient>();
            return client.SendAsync(new OutboundSms(id, longCode, TestNumbers.Unique(), $"Burst message {i}"), CancellationToken.None);
        }));

        var sender = longCode.TrimStart('+');
        var arrivals = Vonage.Requests.Where(r => r.Form.GetValueOrDefault("from") == sender).Select(r => r.ReceivedAt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.All.TypeOf<CarrierSendResult.Accepted>(), "every send waited for its slot and went");
            Assert.That(arrivals, Has.Count.EqualTo(sends));
            Assert.That(SlidingWindow.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1)), Is.LessThanOrEqualTo(perSecond),
                "the most requests the carrier saw from the number in any one second");
            Assert.That(SlidingWindow.MostInAnyWindow(arrivals, TimeSpan.FromSeconds(2)), Is.GreaterThanOrEqualTo(perSecond),
                "the limit is used, not just respected");
        });
    }
}
