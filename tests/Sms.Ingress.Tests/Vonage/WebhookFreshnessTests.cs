using Sms.Ingress.Vonage;

namespace Sms.Ingress.Tests.Vonage;

/// <summary>
/// Vonage signs the time it began pushing and retries for 24 hours; it never retries a 401. A retry hours late must
/// be let in (its message id's claim makes a replay a duplicate), while a week-old replay or a future time is refused.
/// </summary>
public sealed class WebhookFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Window = TimeSpan.FromHours(26);

    [TestCase(0, Freshness.Fresh)]
    [TestCase(-300, Freshness.Fresh)]
    [TestCase(300, Freshness.Fresh)]
    [TestCase(-301, Freshness.LateRetry)]
    [TestCase(-2 * 3_600, Freshness.LateRetry, Description = "two hours late: Vonage retried after an outage")]
    [TestCase(-24 * 3_600, Freshness.LateRetry, Description = "Vonage's last retry")]
    [TestCase(-26 * 3_600, Freshness.LateRetry)]
    [TestCase(-26 * 3_600 - 1, Freshness.TooOld)]
    [TestCase(-3 * 86_400, Freshness.TooOld, Description = "three days late: no carrier retries that late")]
    [TestCase(301, Freshness.FromTheFuture)]
    [TestCase(2 * 3_600, Freshness.FromTheFuture, Description = "the window is for the past only")]
    public void A_signed_time_is_fresh_within_the_tolerance_and_a_late_retry_within_the_window(int offsetSeconds, Freshness expected)
    {
        Assert.That(WebhookFreshness.Judge(Now.AddSeconds(offsetSeconds), Now, Tolerance, Window), Is.EqualTo(expected));
    }

    [Test]
    public void Without_a_retry_window_anything_past_the_tolerance_is_too_old()
    {
        Assert.That(WebhookFreshness.Judge(Now.AddHours(-2), Now, Tolerance, TimeSpan.Zero), Is.EqualTo(Freshness.TooOld));
    }
}
