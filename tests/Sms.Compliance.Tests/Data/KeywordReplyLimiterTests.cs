using Sms.Compliance.Data;
using Sms.Testing;

namespace Sms.Compliance.Tests.Data;

/// <summary>Against the real Redis, with a window short enough to see it end.</summary>
public class KeywordReplyLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(300);

    [Test]
    public async Task A_keyword_is_answered_once_within_the_window_and_again_after_it()
    {
        var limiter = new KeywordReplyLimiter(await TestRedis.GetAsync(), Window);
        var number = TestNumbers.Unique();
        var first = Guid.NewGuid();

        var firstAnswered = await limiter.TryClaimAsync("default", number, "keyword:STOP", first);
        var redeliveryAnswered = await limiter.TryClaimAsync("default", number, "keyword:STOP", first);
        var secondAnswered = await limiter.TryClaimAsync("default", number, "keyword:STOP", Guid.NewGuid());
        var otherKeywordAnswered = await limiter.TryClaimAsync("default", number, "keyword:HELP", Guid.NewGuid());
        var otherBrandAnswered = await limiter.TryClaimAsync("acme", number, "keyword:STOP", Guid.NewGuid());
        await Task.Delay(Window + TimeSpan.FromMilliseconds(200));
        var afterTheWindowAnswered = await limiter.TryClaimAsync("default", number, "keyword:STOP", Guid.NewGuid());

        Assert.Multiple(() =>
        {
            Assert.That(firstAnswered, Is.True);
            Assert.That(redeliveryAnswered, Is.True, "a redelivery of the same message is answered again (same reply id)");
            Assert.That(secondAnswered, Is.False);
            Assert.That(otherKeywordAnswered, Is.True);
            Assert.That(otherBrandAnswered, Is.True);
            Assert.That(afterTheWindowAnswered, Is.True);
        });
    }
}
