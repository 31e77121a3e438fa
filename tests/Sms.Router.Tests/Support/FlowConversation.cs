using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Router.Flows;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Messaging;
using Sms.Testing;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Support;

/// <summary>What the router published because of one customer reply.</summary>
public sealed record FlowReply(
    InboundSmsAccepted Accepted,
    IReadOnlyList<SendSms> Sends,
    IReadOnlyList<ReplyClassified> Classified,
    IReadOnlyList<ConversationEscalated> Escalations,
    IReadOnlyList<ContactProfileChanged> ProfileChanges)
{
    public Guid MessageId => Accepted.Message.MessageId;

    /// <summary>The one message the customer gets back (several publishes of one id are one send).</summary>
    public SendSms Send => Sends.DistinctBy(s => s.MessageId).Single();

    public ContactProfileChanged ProfileChange => ProfileChanges.DistinctBy(c => c.ChangeId).Single();
}

/// <summary>
/// A customer going through a flow with the router on the test harness and the real Redis. It plays the rest of the
/// platform: a prompt the router publishes is "sent" (its <c>SmsSent</c> delivered), and a step is left unanswered by
/// moving the router's clock past its timeout and running the real expiry processor.
/// </summary>
public sealed class FlowConversation(Func<ConsumerHarness> router, ShiftedClock clock, string customer)
{
    public const string BusinessNumber = "+15550003000";

    private ConsumerHarness Router => router();

    public string Customer => customer;

    /// <summary>The last prompt sent: the step waiting for the customer.</summary>
    public SendSms? OpenPrompt { get; private set; }

    public async Task<SendSms> StartAsync(string flowName, Guid? runId = null, IReadOnlyDictionary<string, string>? context = null)
    {
        var command = new StartFlow
        {
            FlowRunId = runId ?? Guid.NewGuid(),
            FlowName = flowName,
            CustomerNumber = customer,
            BusinessNumber = BusinessNumber,
            CampaignId = "spring-2025",
            Context = context ?? new Dictionary<string, string> { ["order_id"] = "ORD-7" },
            RequestedAt = clock.GetUtcNow(),
        };
        await Router.DeliverAsync(command, m => m.FlowRunId == command.FlowRunId);
        var id = MessageIds.Derive(command.FlowRunId, FlowEngine.StartPurpose);
        var prompt = (await Router.PublishedAsync<SendSms>(m => m.MessageId == id)).Last();
        await SentAsync(prompt);
        return prompt;
    }

    /// <summary>The carrier took the message: the router opens its session when it carries a prompt.</summary>
    public async Task SentAsync(SendSms send)
    {
        var sent = new SmsSent
        {
            Request = send,
            From = send.From ?? BusinessNumber,
            Provider = "vonage",
            ProviderMessageIds = [Guid.NewGuid().ToString("N")],
            SegmentCount = 1,
            Encoding = SmsEncoding.Gsm7,
            SentAt = clock.GetUtcNow(),
        };
        await Router.DeliverAsync(sent, m => m.Request.MessageId == send.MessageId);
        if (send.Prompt is not null) OpenPrompt = send;
    }

    public async Task<FlowReply> ReplyAsync(string text, Guid? messageId = null)
    {
        var accepted = Accepted(Inbound(customer, text, BusinessNumber, clock.GetUtcNow(), messageId));
        var id = accepted.Message.MessageId;
        await Router.DeliverAsync(accepted, m => m.Message.MessageId == id && m.Message.Text == text);

        var reply = new FlowReply(
            accepted,
            await Router.PublishedAsync<SendSms>(m => m.InReplyTo == id),
            await Router.PublishedAsync<ReplyClassified>(m => m.InboundMessageId == id),
            await Router.PublishedAsync<ConversationEscalated>(m => m.InboundMessageId == id),
            await Router.PublishedAsync<ContactProfileChanged>(m => m.InboundMessageId == id));
        foreach (var prompt in reply.Sends.Where(s => s.Prompt is not null).DistinctBy(s => s.MessageId))
            await SentAsync(prompt);
        return reply;
    }

    /// <summary>
    /// The open step gets no reply: the clock moves past its session's expiry, the expiry processor announces it and
    /// the router takes the step's timeout branch. What the router sent because of it (nothing when the run ends quietly).
    /// </summary>
    public async Task<IReadOnlyList<SendSms>> NoReplyAsync()
    {
        var prompt = OpenPrompt ?? throw new InvalidOperationException("No step is waiting.");
        var sessionId = prompt.MessageId;
        clock.Offset += (prompt.Prompt!.TimeToLive ?? TimeSpan.FromHours(24)) + TimeSpan.FromMinutes(1);
        OpenPrompt = null;

        var processor = Router.Get<SessionExpiryProcessor>();
        for (var round = 0; round < 1000; round++)
        {
            var result = await processor.RunOnceAsync((m, ct) => Router.Bus.Bus.Publish(m, ct), CancellationToken.None);
            if (result.Claimed == 0) break;
        }
        await Router.ConsumedAsync<SessionExpired>(m => m.SessionId == sessionId);

        var timeoutId = MessageIds.Derive(sessionId, FlowEngine.TimeoutPurpose);
        var sends = await Router.PublishedAsync<SendSms>(m => m.MessageId == timeoutId);
        foreach (var next in sends.Where(s => s.Prompt is not null).DistinctBy(s => s.MessageId))
            await SentAsync(next);
        return sends;
    }
}
