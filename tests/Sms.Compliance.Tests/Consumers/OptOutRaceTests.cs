using System.Collections.Concurrent;
using MassTransit;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// The race of the "done when": sends queued while the number's STOP is processed, on the harness with the
/// real PostgreSQL and Redis. Every publish is stamped with one global sequence; no send to the number may be
/// approved after the opt-out's confirmation started to be published.
/// </summary>
public class OptOutRaceTests : ComplianceConsumerFixture
{
    private const string BusinessNumber = "+447700900501";
    private const int Sends = 1_000;

    /// <summary>As in production (prefetch 128): many sends are decided at once, so some are in flight when STOP is stored.</summary>
    protected override ConsumerHarnessOptions HarnessOptions() => new()
    {
        ConfigureEndpoints = endpoint =>
        {
            endpoint.PrefetchCount = 128;
            endpoint.ConcurrentMessageLimit = 64;
        },
    };

    [Test]
    public async Task Of_1000_sends_queued_while_STOP_is_processed_none_is_approved_after_the_confirmation()
    {
        var order = new SequenceRecorder(Customer);
        using var _ = Harness.Bus.ConnectPublishObserver(order);

        // The number's state is cached before the race starts: the cache must not serve it once STOP is stored.
        var warmUp = Send(Customer);
        await Harness.Bus.Publish(warmUp);
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == warmUp.MessageId), Is.True);

        var stop = new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(),
            Provider = "vonage",
            ProviderMessageId = Guid.NewGuid().ToString("N"),
            From = Customer,
            To = BusinessNumber,
            Text = "STOP",
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        var sends = Enumerable.Range(0, Sends).Select(_ => Send(Customer)).ToList();
        var publishing = new List<Task>(Sends + 1);
        for (var i = 0; i < Sends; i++)
        {
            if (i == Sends / 4) publishing.Add(Harness.Bus.Publish(stop));
            publishing.Add(Harness.Bus.Publish(sends[i]));
        }
        await Task.WhenAll(publishing);

        var ids = sends.Select(s => s.MessageId).ToHashSet();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            while (order.Decided(ids) < Sends || order.ConfirmationAt(stop.MessageId) is null)
                await Task.Delay(50, timeout.Token);
        }

        var confirmation = order.ConfirmationAt(stop.MessageId)!.Value;
        var approved = order.Approvals(ids);
        var lateApprovals = approved.Count(a => a > confirmation);
        await TestContext.Out.WriteLineAsync($"{approved.Count} approved, {order.Suppressions(ids)} suppressed, {lateApprovals} approved after the confirmation");
        Assert.Multiple(() =>
        {
            Assert.That(lateApprovals, Is.Zero,
                $"{approved.Count} approved, {order.Suppressions(ids)} suppressed; approvals published after the confirmation");
            Assert.That(approved.Count + order.Suppressions(ids), Is.EqualTo(Sends), "every send decided exactly once");
            Assert.That(order.Suppressions(ids), Is.GreaterThan(0), "the STOP took effect during the run");
        });
    }

    private static SendSms Send(string customer) => new()
    {
        MessageId = Guid.NewGuid(),
        To = customer,
        From = BusinessNumber,
        Text = "Your appointment is tomorrow at 10:00.",
        Category = SmsCategory.Transactional,
    };

    /// <summary>
    /// One global sequence over publishes: an approval is stamped when its publish completed, the opt-out's
    /// confirmation (<see cref="OptOutRecorded"/> or the reply to the STOP) when its publish starts.
    /// </summary>
    private sealed class SequenceRecorder(string customer) : IPublishObserver
    {
        private long _sequence;
        private readonly ConcurrentDictionary<Guid, long> _approved = new();
        private readonly ConcurrentDictionary<Guid, long> _suppressed = new();
        private readonly ConcurrentDictionary<Guid, long> _confirmations = new();

        public int Decided(IReadOnlySet<Guid> ids) => Approvals(ids).Count + Suppressions(ids);

        public List<long> Approvals(IReadOnlySet<Guid> ids) => _approved.Where(a => ids.Contains(a.Key)).Select(a => a.Value).ToList();

        public int Suppressions(IReadOnlySet<Guid> ids) => _suppressed.Keys.Count(ids.Contains);

        /// <summary>The first moment any confirmation of the STOP started to be published.</summary>
        public long? ConfirmationAt(Guid stopId) => _confirmations.TryGetValue(stopId, out var at) ? at : null;

        public async Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            // A broker confirm takes milliseconds (messaging-on-our-machines.md: p99 ~4.5 ms); the in-memory
            // transport takes none. Without this, an approval could hardly still be on its way when STOP is stored.
            if (context.Message is SmsApproved) await Task.Delay(TimeSpan.FromMilliseconds(3));
            Guid? cause = context.Message switch
            {
                OptOutRecorded o when o.Number == customer => o.InboundMessageId,
                SendSms s when s.To == customer && s.InReplyTo is not null => s.InReplyTo,
                _ => null,
            };
            if (cause is { } id) _confirmations.TryAdd(id, Interlocked.Increment(ref _sequence));
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            switch (context.Message)
            {
                case SmsApproved a when a.Request.To == customer && a.Request.Category != SmsCategory.Compliance:
                    if (!_approved.TryAdd(a.Request.MessageId, Interlocked.Increment(ref _sequence)))
                        throw new InvalidOperationException("approved twice");
                    break;
                case SmsSuppressed s when s.Request.To == customer:
                    _suppressed.TryAdd(s.Request.MessageId, Interlocked.Increment(ref _sequence));
                    break;
            }
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
