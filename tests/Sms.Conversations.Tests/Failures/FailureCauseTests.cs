using System.Text;
using Sms.Conversations.Failures;
using Sms.Conversations.Http;

namespace Sms.Conversations.Tests.Failures;

/// <summary>What failures are grouped by, which ones an action picks, and what is read from an _error queue's message. Pure.</summary>
public sealed class FailureCauseTests
{
    [TestCase("Message 3f2a9c1e-0b7d-4c55-9a41-5d2e8f1c0a9b timed out after 30 s", "Message {id} timed out after {n} s")]
    [TestCase("Send to +447700900123 refused", "Send to {phone} refused")]
    [TestCase("Row 12,345 of batch 7 refused: 23505", "Row {n} of batch {n} refused: {n}")]
    [TestCase("Redis key sms:outbound:sent:0a1b2c3d4e5f60718293a4b5c6d7e8f9 busy", "Redis key sms:outbound:sent:{id} busy")]
    [TestCase("  two\n  lines ", "two lines")]
    [TestCase("Flow 'appointment' unknown", "Flow 'appointment' unknown")]
    public void The_shape_of_a_message_leaves_out_what_differs_between_occurrences(string message, string shape) =>
        Assert.That(FailureCause.Shape(message), Is.EqualTo(shape));

    [Test]
    public void Two_faults_that_differ_only_in_ids_numbers_and_phones_have_one_cause() =>
        Assert.That(
            FailureCause.OfFault("System.TimeoutException", $"Send {Guid.NewGuid()} to +447700900111 took 31 s"),
            Is.EqualTo(FailureCause.OfFault("System.TimeoutException", $"Send {Guid.NewGuid()} to +15550100222 took 45 s")));

    [Test]
    public void The_exception_type_is_part_of_the_cause() =>
        Assert.That(FailureCause.OfFault("System.TimeoutException", "x"), Is.Not.EqualTo(FailureCause.OfFault("System.IO.IOException", "x")));

    [TestCase("Unknown destination (error 21612)", "carrier error 21612")]
    [TestCase("Carrier reported failed (error 1240)", "carrier error 1240")]
    [TestCase("The recipient opted out after the send was approved", "send failed: The recipient opted out after the send was approved")]
    [TestCase(null, "send failed: no reason given")]
    public void A_failed_send_is_grouped_by_its_carrier_code_else_by_its_reason(string? detail, string cause) =>
        Assert.That(FailureCause.OfSend(detail), Is.EqualTo(cause));

    [Test]
    public void A_sample_shows_no_full_phone_number() =>
        Assert.That(FailureCause.MaskPhones("Send to +447700900123 refused"), Is.EqualTo("Send to +44********23 refused"));

    [Test]
    public void Groups_count_their_failures_and_show_the_latest_as_sample()
    {
        var t0 = DateTimeOffset.UtcNow;
        FailureItem Item(string id, string cause, int minutes, bool again = false) =>
            new(id, FailureKind.Message, cause, "q_error", null, id, t0.AddMinutes(minutes), t0.AddMinutes(minutes), 1, again ? 1 : 0, again);

        var groups = FailureGroups.Group([Item("message:1", "A", 0), Item("message:2", "A", 5, again: true), Item("message:3", "B", 1)]);

        Assert.Multiple(() =>
        {
            Assert.That(groups.Select(g => (g.Cause, g.Count, g.FailedAfterReplay)), Is.EqualTo(new[] { ("A", 2, 1), ("B", 1, 0) }));
            Assert.That(groups[0].Sample.Id, Is.EqualTo("message:2"));
            Assert.That((groups[0].FirstSeen, groups[0].LastSeen), Is.EqualTo((t0, t0.AddMinutes(5))));
        });
    }

    [Test]
    public void A_bulk_replay_leaves_out_failures_that_failed_again_after_a_replay_and_a_named_one_does_not()
    {
        var t0 = DateTimeOffset.UtcNow;
        var fresh = new FailureItem("message:1", FailureKind.Message, "A", "q_error", null, "", t0, t0, 1, 0, false);
        var poison = fresh with { Id = "message:2", ReplayCount = 1, FailedAfterReplay = true };
        var group = FailureGroups.KeyOf(FailureKind.Message, "A");

        Assert.Multiple(() =>
        {
            Assert.That(FailureGroups.Pick([fresh, poison], new FailureSelection(null, null, All: true), forReplay: true), Is.EqualTo(new[] { fresh }));
            Assert.That(FailureGroups.Pick([fresh, poison], new FailureSelection(null, group, false), forReplay: true), Is.EqualTo(new[] { fresh }));
            Assert.That(FailureGroups.Pick([fresh, poison], new FailureSelection(["message:2"], null, false), forReplay: true), Is.EqualTo(new[] { poison }));
            Assert.That(FailureGroups.Pick([fresh, poison], new FailureSelection(null, group, false), forReplay: false), Has.Count.EqualTo(2), "a discard takes them all");
        });
    }

    [Test]
    public void A_message_from_an_error_queue_is_read_from_MassTransits_fault_headers_and_replayed_without_them()
    {
        var headers = new Dictionary<string, object?>
        {
            ["MT-Fault-ExceptionType"] = Encoding.UTF8.GetBytes("System.InvalidOperationException"),
            ["MT-Fault-Message"] = Encoding.UTF8.GetBytes("Order 12 for +447700900123 failed"),
            ["MT-Fault-Timestamp"] = Encoding.UTF8.GetBytes("2026-12-06T10:00:00.0000000Z"),
            ["MT-Reason"] = Encoding.UTF8.GetBytes("fault"),
            ["MT-Host-MachineName"] = Encoding.UTF8.GetBytes("box"),
            ["MT-Fault-RetryCount"] = 5,
        };

        var message = FailedMessage.Read("compliance-send-sms_error", "abc", "application/vnd.masstransit+json", null, headers,
            """{"messageType":["urn:message:Sms.Contracts.Outbound:SendSms"]}"""u8.ToArray(), DateTimeOffset.UtcNow);
        var replay = FailedMessage.ReplayHeaders(message.Headers, replayCount: 2);

        Assert.Multiple(() =>
        {
            Assert.That(message.InputQueue, Is.EqualTo("compliance-send-sms"));
            Assert.That(message.Cause, Is.EqualTo("System.InvalidOperationException: Order {n} for {phone} failed"));
            Assert.That(message.FailedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero)));
            Assert.That(message.MessageType, Is.EqualTo("urn:message:Sms.Contracts.Outbound:SendSms"));
            Assert.That(message.Headers["MT-Fault-RetryCount"], Is.EqualTo("5"));
            Assert.That(replay.Keys, Is.EquivalentTo(new[] { "MT-Host-MachineName", FailedMessage.ReplayCountHeader }));
            Assert.That(replay[FailedMessage.ReplayCountHeader], Is.EqualTo(2));
        });
    }

    [Test]
    public void A_message_without_a_broker_id_is_known_by_its_body() =>
        Assert.That(FailedMessage.Read("q_error", null, null, null, null, [1, 2, 3], DateTimeOffset.UtcNow).MessageId,
            Is.EqualTo(FailedMessage.Read("q_error", "", null, null, null, [1, 2, 3], DateTimeOffset.UtcNow).MessageId).And.StartWith("body:"));

    [TestCase(null, null, false, null, false, "selection")]
    [TestCase(null, "abc", true, null, false, "selection")]
    [TestCase("message:0", null, false, null, false, "ids")]
    [TestCase("send:not-a-guid", null, false, null, false, "ids")]
    [TestCase(null, null, true, null, true, "reason")]
    [TestCase(null, null, true, "  ", true, "reason")]
    public void A_bad_action_is_refused_naming_the_field(string? id, string? group, bool all, string? reason, bool discard, string field) =>
        Assert.That(FailureActionRequestValidator.Validate(new FailureActionRequest(id is null ? null : [id], group, all, reason), discard).Keys,
            Does.Contain(field));

    [TestCase("message:12", false)]
    [TestCase("send:3f2a9c1e-0b7d-4c55-9a41-5d2e8f1c0a9b", true)]
    public void A_good_action_has_no_errors(string id, bool discard) =>
        Assert.That(FailureActionRequestValidator.Validate(new FailureActionRequest([id], null, null, "Duplicate of another order"), discard), Is.Empty);
}
