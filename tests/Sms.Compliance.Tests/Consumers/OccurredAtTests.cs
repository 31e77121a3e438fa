using Sms.Compliance.Consumers;

namespace Sms.Compliance.Tests.Consumers;

public class OccurredAtTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_ingress_receive_time_orders_the_ledger() =>
        Assert.That(InboundSmsReceivedConsumer.OccurredAt(Now.AddSeconds(-30), Now), Is.EqualTo(Now.AddSeconds(-30)));

    [Test]
    public void A_receive_time_in_the_future_is_taken_as_now() =>
        Assert.That(InboundSmsReceivedConsumer.OccurredAt(Now.AddHours(3), Now), Is.EqualTo(Now));

    [Test]
    public void A_missing_receive_time_is_taken_as_now() =>
        Assert.That(InboundSmsReceivedConsumer.OccurredAt(default, Now), Is.EqualTo(Now));
}
