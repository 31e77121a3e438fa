using System.ComponentModel.DataAnnotations;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Logging;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// An agent's opt-out from the inbox (<see cref="RecordOptOut"/>), on the harness with the real ledger and cache, and
/// the bus's retry policy (validation errors are not retried).
/// </summary>
public class RecordOptOutTests : ComplianceConsumerFixture
{
    private const string AcmeReminders = "+447700900620";
    private const string AcmeOffers = "+447700900621";
    private const string GlobexNumber = "+447700900622";

    protected override ConsumerHarnessOptions HarnessOptions() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Compliance:Brands:acme:Numbers:0"] = AcmeReminders,
            ["Compliance:Brands:acme:Numbers:1"] = AcmeOffers,
            ["Compliance:Brands:globex:Numbers:0"] = GlobexNumber,
            ["Compliance:DefaultSender"] = GlobexNumber,
        },
        ConfigureEndpoints = endpoint => endpoint.UseMessageRetry(r =>
        {
            r.Immediate(3);
            r.Ignore<ValidationException>();
        }),
    };

    [Test]
    public async Task An_agent_opt_out_of_marketing_alone_revokes_marketing_and_keeps_reminders()
    {
        var command = Command(AcmeReminders) with { Purposes = [ConsentPurpose.Marketing] };

        await Harness.Bus.Publish(command);

        var optOut = await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == Customer);
        Assert.That(optOut?.Purposes, Is.EqualTo(new[] { ConsentPurpose.Marketing }));
        var state = await Ledger.GetStateAsync(Customer, "acme", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(state.StatusOf(ConsentPurpose.Marketing), Is.EqualTo(ConsentStatus.OptedOut));
            Assert.That(state.StatusOf(ConsentPurpose.Informational), Is.EqualTo(ConsentStatus.None));
            Assert.That(state.IsOptedOut, Is.False, "reminders still go");
        });
    }

    [Test]
    public async Task An_agent_opt_out_is_recorded_in_the_brand_of_the_business_number_and_announced()
    {
        var command = Command(AcmeReminders);

        await Harness.Bus.Publish(command);

        var optOut = await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == Customer);
        Assert.That(optOut, Is.Not.Null, "OptOutRecorded published");
        var history = await HistoryAsync("acme");
        Assert.Multiple(() =>
        {
            Assert.That(optOut!.Scope, Is.EqualTo("acme"));
            Assert.That(optOut.Source, Is.EqualTo(ConsentSource.Agent));
            Assert.That(optOut.Rule, Is.EqualTo("agent:alice"));
            Assert.That(optOut.InboundMessageId, Is.Null, "no inbound message carried it");
            Assert.That(history.Single(), Has.Property(nameof(ConsentEvent.Kind)).EqualTo(ConsentKind.OptOut)
                .And.Property(nameof(ConsentEvent.Source)).EqualTo(ConsentSource.Agent)
                .And.Property(nameof(ConsentEvent.Rule)).EqualTo("agent:alice")
                .And.Property(nameof(ConsentEvent.EvidenceText)).EqualTo("Customer asked on a phone call")
                .And.Property(nameof(ConsentEvent.OccurredAt)).EqualTo(command.RequestedAt));
        });
        Assert.That(Published.Of<OptOutRecorded>().Single(p => p.Message.Number == Customer).MessageId,
            Is.EqualTo(MessageIds.Derive(command.RequestId, "opt-out-recorded")), "the event's id is derived from the request");
    }

    [Test]
    public async Task The_same_request_twice_records_one_ledger_row_and_publishes_the_same_event_again()
    {
        var command = Command(AcmeReminders);

        await Harness.Bus.Publish(command);
        await Harness.Bus.Publish(command);
        await WaitForConsumedAsync<RecordOptOut>(m => m.RequestId == command.RequestId, count: 2);
        // The last one may still be between its consume and its publishes.
        await Harness.InactivityTask;

        var events = Published.Of<OptOutRecorded>().Where(p => p.Message.Number == Customer).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(await HistoryAsync("acme"), Has.Count.EqualTo(1));
            Assert.That(events, Has.Count.EqualTo(2));
            Assert.That(events.Select(e => e.MessageId).Distinct(), Is.EqualTo(new Guid?[] { MessageIds.Derive(command.RequestId, "opt-out-recorded") }),
                "one id, so consumers de-duplicate");
            Assert.That(events.Select(e => e.Message).Distinct().Count(), Is.EqualTo(1), "the same event both times");
        });
    }

    [Test]
    public async Task A_request_redelivered_after_its_row_was_stored_but_before_the_event_went_out_announces_it()
    {
        var command = Command(AcmeReminders);
        // The first delivery stored the row, then the process died before publishing.
        var stored = await Compliance.Get<ConsentRecorder>().RecordAsync(
            AgentOptOuts.Event(command.Number, "acme", command.RequestedBy, command.Reason, evidenceMessageId: null, command.RequestedAt),
            command.RequestId, CancellationToken.None);

        await Harness.Bus.Publish(command);

        var optOut = await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == Customer);
        Assert.That(optOut, Is.Not.Null, "announced on redelivery");
        // The event goes out before the consumer logs and returns: wait for the whole delivery before reading the log.
        await WaitForConsumedAsync<RecordOptOut>(m => m.RequestId == command.RequestId, count: 1);
        // The last one may still be between its consume and its publishes.
        await Harness.InactivityTask;
        Assert.Multiple(async () =>
        {
            Assert.That(optOut!.Scope, Is.EqualTo("acme"));
            Assert.That(optOut.Rule, Is.EqualTo("agent:alice"));
            Assert.That(optOut.RecordedAt, Is.EqualTo(stored.Event.RecordedAt), "from the stored row");
            Assert.That(Published.Of<OptOutRecorded>().Single(p => p.Message.Number == Customer).MessageId,
                Is.EqualTo(MessageIds.Derive(command.RequestId, "opt-out-recorded")));
            Assert.That(await HistoryAsync("acme"), Has.Count.EqualTo(1), "nothing recorded again");
            Assert.That(Logs.Lines.Any(l => l.Text.Contains($"RecordOptOut {command.RequestId} was recorded before", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task A_send_decided_from_the_cache_before_is_suppressed_right_after_the_event()
    {
        var before = Send(AcmeOffers);
        await Harness.Bus.Publish(before);
        Assert.That(await Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == before.MessageId), Is.Not.Null,
            "approved, and the number's state cached");

        await Harness.Bus.Publish(Command(AcmeReminders));
        Assert.That(await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == Customer), Is.Not.Null);
        var fromOtherAcmeNumber = Send(AcmeOffers);
        var fromGlobex = Send(GlobexNumber);
        await Harness.Bus.Publish(fromOtherAcmeNumber);
        await Harness.Bus.Publish(fromGlobex);

        var suppressed = await Harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == fromOtherAcmeNumber.MessageId);
        Assert.That(suppressed?.Reason, Is.EqualTo(SuppressionReason.OptedOut), "every number of the brand");
        Assert.That(await Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == fromGlobex.MessageId), Is.Not.Null,
            "another brand is not covered");
    }

    [Test]
    public async Task Without_a_business_number_the_opt_out_is_recorded_in_the_brand_of_the_default_sender()
    {
        await Harness.Bus.Publish(Command(businessNumber: null));

        var optOut = await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == Customer);
        Assert.That(optOut?.Scope, Is.EqualTo("globex"));
        Assert.That(await HistoryAsync("globex"), Has.Count.EqualTo(1));
        Assert.That(await HistoryAsync(ComplianceHarness.Scope), Is.Empty);
    }

    [TestCase("07700900123", "agent-x", "number", "E.164")]
    [TestCase("+44 7700 900123", "agent-x", "number", "E.164")]
    [TestCase(null, "  ", "agent", "Name the agent")]
    [TestCase(null, "", "agent", "Name the agent")]
    public async Task A_request_that_cannot_be_recorded_goes_to_the_error_queue_with_the_reason_without_retries(
        string? number, string requestedBy, string field, string reason)
    {
        var command = Command(AcmeReminders) with { Number = number ?? Customer, RequestedBy = requestedBy };

        await Harness.Bus.Publish(command);

        Assert.That(await Harness.Published.Any<Fault<RecordOptOut>>(m => m.Context.Message.Message.RequestId == command.RequestId), Is.True);
        var fault = Harness.Published.Select<Fault<RecordOptOut>>(m => m.Context.Message.Message.RequestId == command.RequestId).Single().Context.Message;
        Assert.Multiple(async () =>
        {
            Assert.That(fault.Exceptions.Single().ExceptionType, Is.EqualTo(typeof(ValidationException).FullName));
            Assert.That(fault.Exceptions.Single().Message, Does.Contain(field + ":").And.Contain(reason));
            Assert.That(fault.Exceptions.Single().Message, Does.Not.Contain(Customer), "the number is not repeated in the reason");
            Assert.That(Logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Text.Contains($"RecordOptOut {command.RequestId} refused", StringComparison.Ordinal)),
                Is.EqualTo(1), "logged, and tried once: not retried");
            Assert.That(await HistoryAsync("acme"), Is.Empty);
            Assert.That(Published.Of<OptOutRecorded>().Any(p => p.Message.Number == command.Number), Is.False);
        });
    }

    private RecordOptOut Command(string? businessNumber) => new()
    {
        RequestId = Guid.NewGuid(),
        Number = Customer,
        BusinessNumber = businessNumber,
        RequestedBy = "alice",
        Reason = "Customer asked on a phone call",
        RequestedAt = new DateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero),
    };

    private SendSms Send(string from) => new()
    {
        MessageId = Guid.NewGuid(),
        To = Customer,
        From = from,
        Text = "Your appointment is tomorrow at 10:00.",
        Category = SmsCategory.Transactional,
    };
}
