using Sms.Contracts.Inbound;
using Sms.Conversations.Threads;

namespace Sms.Conversations.Tests.Threads;

public sealed class PartDeliveryTests
{
    private static PartState? Part(string code) => code switch
    {
        "-" => null,
        "acc" => new PartState(DeliveryStatus.Accepted, null),
        "buf" => new PartState(DeliveryStatus.Buffered, null),
        "unk" => new PartState(DeliveryStatus.Unknown, null),
        "del" => new PartState(DeliveryStatus.Delivered, "0"),
        "fail" => new PartState(DeliveryStatus.Failed, "6"),
        "exp" => new PartState(DeliveryStatus.Expired, null),
        "rej" => new PartState(DeliveryStatus.Rejected, "4"),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    private static List<PartState?> Parts(string codes) => codes.Length == 0 ? [] : codes.Split(',').Select(Part).ToList();

    [TestCase("del", ExpectedResult = "delivered")]
    [TestCase("del,del,del", ExpectedResult = "delivered")]
    [TestCase("fail", ExpectedResult = "failed")]
    [TestCase("exp", ExpectedResult = "failed")]
    [TestCase("rej", ExpectedResult = "failed")]
    [TestCase("fail,exp,rej", ExpectedResult = "failed")]
    [TestCase("del,fail", ExpectedResult = "partially_delivered")]
    [TestCase("exp,del,del", ExpectedResult = "partially_delivered")]
    [TestCase("del,rej,del", ExpectedResult = "partially_delivered")]
    [TestCase("del,fail,-", ExpectedResult = "partially_delivered")]
    [TestCase("del,fail,acc", ExpectedResult = "partially_delivered")]
    [TestCase("-", ExpectedResult = "sent")]
    [TestCase("-,-,-", ExpectedResult = "sent")]
    [TestCase("acc,buf,unk", ExpectedResult = "sent")]
    [TestCase("del,del,-", ExpectedResult = "sent")]
    [TestCase("del,del,buf", ExpectedResult = "sent")]
    [TestCase("fail,-", ExpectedResult = "sent")]
    [TestCase("fail,acc,exp", ExpectedResult = "sent")]
    [TestCase("", ExpectedResult = "sent")]
    public string A_message_is_as_delivered_as_its_parts(string parts) => PartDelivery.Of(Parts(parts)).Status;

    [Test]
    public void Partially_delivered_says_how_many_parts_arrived_and_why_one_did_not() =>
        Assert.That(PartDelivery.Of(Parts("del,fail,del")),
            Is.EqualTo(new MessageState(MessageStatuses.PartiallyDelivered, "2 of 3 parts delivered; Carrier reported failed (error 6)")));

    [Test]
    public void Failed_says_why_the_first_part_did_not_arrive() =>
        Assert.That(PartDelivery.Of(Parts("exp,rej")), Is.EqualTo(new MessageState(MessageStatuses.Failed, "Carrier reported expired")));

    [TestCase(null, "acc", ExpectedResult = "acc")]
    [TestCase("acc", "buf", ExpectedResult = "buf")]
    [TestCase("buf", "acc", ExpectedResult = "buf")]
    [TestCase("acc", "del", ExpectedResult = "del")]
    [TestCase("del", "acc", ExpectedResult = "del")]
    [TestCase("del", "buf", ExpectedResult = "del")]
    [TestCase("del", "unk", ExpectedResult = "del")]
    [TestCase("fail", "acc", ExpectedResult = "fail")]
    [TestCase("exp", "buf", ExpectedResult = "exp")]
    [TestCase("rej", "acc", ExpectedResult = "rej")]
    [TestCase("buf", "exp", ExpectedResult = "exp")]
    [TestCase("unk", "acc", ExpectedResult = "acc")]
    [TestCase("del", "fail", ExpectedResult = "fail")]
    [TestCase("fail", "del", ExpectedResult = "fail")]
    [TestCase("del", "del", ExpectedResult = "del")]
    public string A_part_never_moves_backwards(string? current, string incoming)
    {
        var result = PartDelivery.Advance(current is null ? null : Part(current), Part(incoming)!.Value);
        return new[] { "acc", "buf", "unk", "del", "fail", "exp", "rej" }.Single(code => Part(code) == result);
    }

    [TestCase("acc,buf,del")]
    [TestCase("del,acc,buf")]
    [TestCase("buf,del,acc")]
    [TestCase("del,acc")]
    [TestCase("acc,del,acc,buf,del")]
    public void Receipts_in_any_order_end_with_the_final_one(string receipts) =>
        Assert.That(PartDelivery.Latest(receipts.Split(',').Select(c => Part(c)!.Value)), Is.EqualTo(Part("del")));

    [Test]
    public void A_part_without_receipts_has_no_state() =>
        Assert.That(PartDelivery.Latest([]), Is.Null);

    [TestCase("sent", "delivered", ExpectedResult = "delivered")]
    [TestCase("sent", "partially_delivered", ExpectedResult = "partially_delivered")]
    [TestCase("delivered", "partially_delivered", ExpectedResult = "partially_delivered")]
    [TestCase("delivered", "sent", ExpectedResult = "delivered")]
    [TestCase("failed", "sent", ExpectedResult = "failed")]
    [TestCase("suppressed", "delivered", ExpectedResult = "suppressed")]
    [TestCase(null, "sent", ExpectedResult = "sent")]
    public string The_status_from_the_parts_never_moves_a_message_backwards(string? current, string fromParts) =>
        PartDelivery.Apply(current is null ? null : new MessageState(current, null), new MessageState(fromParts, null)).Status;

    [Test]
    public void At_equal_rank_the_parts_detail_is_the_newer_one() =>
        Assert.That(
            PartDelivery.Apply(new MessageState(MessageStatuses.PartiallyDelivered, "1 of 3 parts delivered; x"),
                new MessageState(MessageStatuses.PartiallyDelivered, "2 of 3 parts delivered; x")).Detail,
            Is.EqualTo("2 of 3 parts delivered; x"));

    [TestCase("delivered", DeliveryStatus.Delivered)]
    [TestCase("accepted", DeliveryStatus.Accepted)]
    [TestCase("rejected", DeliveryStatus.Rejected)]
    [TestCase("queued", null)]
    public void A_stored_status_is_read_back(string stored, DeliveryStatus? expected) =>
        Assert.That(PartDelivery.Parse(stored), Is.EqualTo(expected));
}
