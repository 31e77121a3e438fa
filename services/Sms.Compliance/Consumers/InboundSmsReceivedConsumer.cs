using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Consumers;

/// <summary>
/// Reads every inbound message for compliance keywords and plain-words opt-out phrases (the brand's sets, by the number
/// the customer wrote to) before anything else sees it. STOP and START change the consent ledger of that brand; the
/// decision cache is invalidated (an opt-out waits for the sends in flight) before the change is confirmed to the
/// customer; HELP is answered; each keyword is answered at most once a minute per number, in the brand's words. Any other message is
/// <see cref="InboundSmsAccepted"/> and goes on to routing. Every message published carries an id derived from the
/// inbound message, and a redelivered message is answered from the ledger, so handling it twice changes nothing.
/// </summary>
public sealed class InboundSmsReceivedConsumer(
    ConsentLedger ledger,
    ConsentCache cache,
    KeywordReplyLimiter replyLimiter,
    KeywordClassifiers classifiers,
    KeywordReplies replies,
    BrandScopes brands,
    TimeProvider clock,
    ILogger<InboundSmsReceivedConsumer> logger) : IConsumer<InboundSmsReceived>
{
    public async Task Consume(ConsumeContext<InboundSmsReceived> context)
    {
        var inbound = context.Message;
        var number = PhoneNumbers.Canonical(inbound.From);
        var scope = brands.ScopeFor(inbound.To);
        if (!PhoneNumbers.IsE164(number)) logger.SenderNotE164(inbound.MessageId, Redact.Phone(number));

        var reading = await ledger.GetStateForMessageAsync(number, scope, inbound.MessageId, context.CancellationToken);
        if (reading.CausedByMessage is { } earlier)
        {
            // Redelivered after its consent change was stored: the state has moved on, the answer has not.
            logger.ConsentChangeRepublished(inbound.MessageId);
            await PublishConsentChangeAsync(context, earlier);
            return;
        }

        var match = classifiers.For(scope).Classify(inbound.Text, reading.State.IsOptedOut);
        ComplianceMetrics.InboundClassified.Add(1, new KeyValuePair<string, object?>("intent", IntentTag(match.Intent)));
        switch (match.Intent)
        {
            case KeywordIntent.OptOut or KeywordIntent.OptIn:
                var recording = await ledger.RecordAsync(new ConsentEvent
                {
                    Number = number,
                    Scope = scope,
                    Kind = match.Intent == KeywordIntent.OptOut ? ConsentKind.OptOut : ConsentKind.OptIn,
                    Source = match.Source,
                    Rule = match.Rule!,
                    EvidenceMessageId = inbound.MessageId,
                    EvidenceText = inbound.Text,
                    OccurredAt = OccurredAt(inbound.ReceivedAt, clock.GetUtcNow()),
                }, inbound.MessageId, context.CancellationToken);
                await PublishConsentChangeAsync(context, recording.Event);
                break;

            case KeywordIntent.Help:
                await PublishHelpAsync(context, number, match.Rule!);
                break;

            default:
                await Publish(context, new InboundSmsAccepted { Message = inbound, AcceptedAt = clock.GetUtcNow() }, "accepted");
                break;
        }
    }

    private async Task PublishConsentChangeAsync(ConsumeContext<InboundSmsReceived> context, ConsentEvent change)
    {
        var inbound = context.Message;
        // Before anything is confirmed: later sends read the new state, and an opt-out waits for sends in flight.
        await cache.InvalidateAsync(change.Number, change.Scope, drain: change.Kind == ConsentKind.OptOut, context.CancellationToken);
        if (change.Kind == ConsentKind.OptOut)
        {
            await PublishWithReplyAsync(context, new OptOutRecorded
            {
                Number = change.Number,
                Scope = change.Scope,
                Source = change.Source,
                Rule = change.Rule,
                InboundMessageId = inbound.MessageId,
                RecordedAt = change.RecordedAt,
            }, "opt-out-recorded", change.Number, KeywordIntent.OptOut, change.Rule, change.RecordedAt);
            logger.OptOutRecorded(Redact.Phone(change.Number), change.Rule);
        }
        else
        {
            await PublishWithReplyAsync(context, new OptInRecorded
            {
                Number = change.Number,
                Scope = change.Scope,
                Source = change.Source,
                Rule = change.Rule,
                InboundMessageId = inbound.MessageId,
                RecordedAt = change.RecordedAt,
            }, "opt-in-recorded", change.Number, KeywordIntent.OptIn, change.Rule, change.RecordedAt);
            logger.OptInRecorded(Redact.Phone(change.Number), change.Rule);
        }
    }

    private async Task PublishHelpAsync(ConsumeContext<InboundSmsReceived> context, string number, string rule)
    {
        var inbound = context.Message;
        await PublishWithReplyAsync(context, new HelpRequested
        {
            Number = number,
            To = inbound.To,
            Rule = rule,
            InboundMessageId = inbound.MessageId,
            RequestedAt = inbound.ReceivedAt,
        }, "help-requested", number, KeywordIntent.Help, rule, clock.GetUtcNow());
        logger.HelpRequested(Redact.Phone(number), rule);
    }

    /// <summary>
    /// A keyword's event, and the reply that answers the customer unless this keyword was already answered to this
    /// number within the minute (<see cref="KeywordReplyLimiter"/>).
    /// </summary>
    private async Task PublishWithReplyAsync<T>(
        ConsumeContext<InboundSmsReceived> context, T message, string purpose, string number, KeywordIntent intent, string rule, DateTimeOffset at)
        where T : class
    {
        var published = Publish(context, message, purpose);
        var scope = brands.ScopeFor(context.Message.To);
        if (await replyLimiter.TryClaimAsync(scope, number, rule, context.Message.MessageId))
            await Publish(context, replies.ReplyTo(context.Message, number, intent, at, scope,
                classifiers.For(scope).Classify(context.Message.Text, optedOut: intent == KeywordIntent.OptIn).Language), KeywordReplies.Purpose);
        else
            logger.ReplyLimited(Redact.Phone(number), rule);
        await published;
    }

    /// <summary>Publishes with an id derived from the inbound message, so a redelivery publishes the same message again.</summary>
    private static Task Publish<T>(ConsumeContext<InboundSmsReceived> context, T message, string purpose) where T : class =>
        context.Publish(message, p => p.MessageId = MessageIds.Derive(context.Message.MessageId, purpose), context.CancellationToken);

    /// <summary>
    /// When the customer acted, which orders the ledger: the ingress's receive time, except that a missing or future
    /// time (a clock ahead of ours) is taken as now, so it can neither lose an opt-out nor pin one for ever.
    /// </summary>
    public static DateTimeOffset OccurredAt(DateTimeOffset receivedAt, DateTimeOffset now) =>
        receivedAt == default || receivedAt > now ? now : receivedAt;

    private static string IntentTag(KeywordIntent intent) => intent switch
    {
        KeywordIntent.OptOut => "opt_out",
        KeywordIntent.OptIn => "opt_in",
        KeywordIntent.Help => "help",
        _ => "none",
    };
}
