using Sms.Contracts.Inbound;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Tests.Threads;

public sealed class MessageStatusPrecedenceTests
{
    [TestCase(null, "sent", ExpectedResult = "sent")]
    [TestCase(null, "suppressed", ExpectedResult = "suppressed")]
    [TestCase(null, "received", ExpectedResult = "received")]
    [TestCase("sent", "delivered", ExpectedResult = "delivered")]
    [TestCase("delivered", "sent", ExpectedResult = "delivered")]
    [TestCase("sent", "failed", ExpectedResult = "failed")]
    [TestCase("failed", "sent", ExpectedResult = "failed")]
    [TestCase("delivered", "failed", ExpectedResult = "failed")]
    [TestCase("failed", "delivered", ExpectedResult = "failed")]
    [TestCase("suppressed", "sent", ExpectedResult = "suppressed")]
    [TestCase("suppressed", "delivered", ExpectedResult = "suppressed")]
    [TestCase("suppressed", "failed", ExpectedResult = "suppressed")]
    [TestCase("sent", "sent", ExpectedResult = "sent")]
    [TestCase("delivered", "delivered", ExpectedResult = "delivered")]
    [TestCase("received", "sent", ExpectedResult = "sent")]
    [TestCase("unknown", "sent", ExpectedResult = "sent")]
    [TestCase("sent", "unknown", ExpectedResult = "sent")]
    [TestCase("unknown", "delivered", ExpectedResult = "delivered")]
    [TestCase("delivered", "unknown", ExpectedResult = "delivered")]
    [TestCase("unknown", "failed", ExpectedResult = "failed")]
    [TestCase("failed", "unknown", ExpectedResult = "failed")]
    [TestCase("deferred", "unknown", ExpectedResult = "unknown")]
    public string Higher_rank_wins_whatever_the_order(string? current, string incoming) =>
        MessageStatusPrecedence.Resolve(current is null ? null : new MessageState(current, null), new MessageState(incoming, null)).Status;

    [Test]
    public void A_repeated_status_keeps_the_stored_detail()
    {
        var stored = new MessageState(MessageStatuses.Failed, "first reason");

        var result = MessageStatusPrecedence.Resolve(stored, new MessageState(MessageStatuses.Failed, "second reason"));

        Assert.That(result, Is.EqualTo(stored));
    }

    [Test]
    public void A_winning_status_brings_its_own_detail()
    {
        var result = MessageStatusPrecedence.Resolve(
            new MessageState(MessageStatuses.Sent, null), new MessageState(MessageStatuses.Failed, "Carrier reported expired"));

        Assert.That(result, Is.EqualTo(new MessageState(MessageStatuses.Failed, "Carrier reported expired")));
    }

    [TestCase("sent,delivered")]
    [TestCase("delivered,sent")]
    [TestCase("delivered,sent,delivered,sent")]
    public void Any_order_of_sent_and_delivered_ends_delivered(string statuses)
    {
        var result = MessageStatusPrecedence.ResolveAll(null, statuses.Split(',').Select(s => new MessageState(s, null)));

        Assert.That(result?.Status, Is.EqualTo(MessageStatuses.Delivered));
    }

    [Test]
    public void Nothing_applied_to_nothing_is_nothing() =>
        Assert.That(MessageStatusPrecedence.ResolveAll(null, []), Is.Null);

    [TestCase("queued")]
    [TestCase("")]
    [TestCase("Delivered")]
    public void An_unknown_status_is_refused(string status) =>
        Assert.That(() => MessageStatusPrecedence.Rank(status), Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase(DeliveryStatus.Delivered, null, "delivered", null)]
    [TestCase(DeliveryStatus.Delivered, "0", "delivered", null)]
    [TestCase(DeliveryStatus.Failed, "6", "failed", "Carrier reported failed (error 6)")]
    [TestCase(DeliveryStatus.Expired, null, "failed", "Carrier reported expired")]
    [TestCase(DeliveryStatus.Rejected, "0", "failed", "Carrier reported rejected")]
    public void A_final_receipt_sets_the_status(DeliveryStatus status, string? errorCode, string expectedStatus, string? expectedDetail) =>
        Assert.That(MessageStatusPrecedence.FromDeliveryReceipt(status, errorCode),
            Is.EqualTo(new MessageState(expectedStatus, expectedDetail)));

    [TestCase(DeliveryStatus.Accepted)]
    [TestCase(DeliveryStatus.Buffered)]
    [TestCase(DeliveryStatus.Unknown)]
    public void An_intermediate_receipt_changes_no_status(DeliveryStatus status) =>
        Assert.That(MessageStatusPrecedence.FromDeliveryReceipt(status, null), Is.Null);
}
