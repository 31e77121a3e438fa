using Sms.Outbound.Extensions;
using Sms.Outbound.RateLimits;

namespace Sms.Outbound.Tests.RateLimits;

public class SendRateLimitsTests
{
    private static RateLimitOptions Options() => new()
    {
        PerAccountPerSecond = 30,
        DefaultPerNumberPerSecond = 10,
        Numbers = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["447700900000"] = 1,
            ["+15550100002"] = 3,
            ["88888"] = 100,
            ["acme"] = 20,
        },
    };

    [TestCase("+447700900000", 1)]
    [TestCase("447700900000", 1)]
    [TestCase("0044 7700 900000", 1)]
    [TestCase("+15550100002", 3)]
    [TestCase("15550100002", 3)]
    [TestCase("88888", 100)]
    [TestCase(" 88888 ", 100)]
    [TestCase("ACME", 20)]
    [TestCase("Acme", 20)]
    [TestCase("+447700900001", 10)]
    [TestCase("OTHER", 10)]
    public void A_sending_number_gets_its_configured_limit_however_it_is_written(string sender, int expected)
    {
        Assert.That(SendRateLimits.PerNumber(sender, Options()), Is.EqualTo(expected));
    }

    [TestCase("+447700900000", "447700900000")]
    [TestCase("00447700900000", "447700900000")]
    [TestCase("88888", "88888")]
    [TestCase("Acme Ltd", "ACME LTD")]
    public void The_sender_key_is_the_same_for_every_spelling(string sender, string expected)
    {
        Assert.That(SendRateLimits.SenderKey(sender), Is.EqualTo(expected));
    }

    [Test]
    public void A_send_needs_a_slot_in_its_account_window_and_its_number_window()
    {
        var limits = SendRateLimits.For("vonage", "abcd1234", "+447700900000", Options());

        Assert.That(limits, Is.EqualTo(new[]
        {
            new RateLimit("sms:outbound:rate:{vonage}:account:abcd1234", 30),
            new RateLimit("sms:outbound:rate:{vonage}:from:447700900000", 1),
        }));
    }

    [TestCase(0, 1000)]
    [TestCase(100, 1100)]
    [TestCase(250, 1250)]
    public void The_window_is_one_second_plus_the_margin(int margin, int expectedMs)
    {
        Assert.That(new RateLimitOptions { WindowMarginMilliseconds = margin }.Window, Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));
    }
}
