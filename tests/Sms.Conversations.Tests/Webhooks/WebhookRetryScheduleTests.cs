using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Tests.Webhooks;

public sealed class WebhookRetryScheduleTests
{
    private static readonly DateTimeOffset Queued = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly WebhookRetrySchedule Schedule = new(
        firstRetry: TimeSpan.FromSeconds(30), maxRetry: TimeSpan.FromHours(1), retryFor: TimeSpan.FromDays(3), jitter: 0.2,
        disableAfter: TimeSpan.FromHours(24));

    [TestCase(1, 30)]
    [TestCase(2, 60)]
    [TestCase(3, 120)]
    [TestCase(7, 1920)]
    [TestCase(8, 3600)]
    [TestCase(200, 3600)]
    public void The_wait_doubles_with_each_failure_up_to_the_cap(int failures, int seconds) =>
        Assert.That(Schedule.BaseDelay(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase(0.0, 24)]
    [TestCase(0.5, 30)]
    [TestCase(0.999999, 36)]
    public void Jitter_spreads_the_wait_by_a_fifth_either_way(double random, int seconds)
    {
        var now = Queued.AddMinutes(1);
        Assert.That(Schedule.NextAttempt(1, Queued, now, random)!.Value - now, Is.EqualTo(TimeSpan.FromSeconds(seconds)).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public void A_delivery_is_tried_for_the_whole_retry_window_and_given_up_after_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Schedule.NextAttempt(40, Queued, Queued + TimeSpan.FromDays(3) - TimeSpan.FromSeconds(1), 0.5), Is.Not.Null);
            Assert.That(Schedule.NextAttempt(40, Queued, Queued + TimeSpan.FromDays(3), 0.5), Is.Null);
        });
    }

    [Test]
    public void The_default_schedule_keeps_trying_for_more_than_a_day_with_waits_no_longer_than_an_hour()
    {
        var schedule = new WebhookOptions().Schedule();
        var now = Queued;
        var failures = 0;
        while (schedule.NextAttempt(++failures, Queued, now, 0.999999) is { } next)
        {
            Assert.That(next - now, Is.LessThanOrEqualTo(TimeSpan.FromHours(1.2)));
            now = next;
        }
        Assert.That(now - Queued, Is.GreaterThanOrEqualTo(TimeSpan.FromHours(24)));
    }

    [TestCase(23.99, false)]
    [TestCase(24, true)]
    [TestCase(30, true)]
    public void A_subscription_failing_for_a_day_is_disabled(double hours, bool disabled) =>
        Assert.That(Schedule.Disables(Queued, Queued.AddHours(hours)), Is.EqualTo(disabled));
}
