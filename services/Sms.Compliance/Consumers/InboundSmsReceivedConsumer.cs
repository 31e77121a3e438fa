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
/// Reads every inbound message for consent before anything else sees it, in the brand of the number the customer wrote
/// to (<see cref="KeywordClassifiers"/>), and records what it reads through <see cref="ConsentRecorder"/>, the one path
/// of every consent change:
/// <list type="bullet">
/// <item>A request to stop (keyword, phrase, or a confident sentence): an opt-out of every purpose, confirmed.</item>
/// <item>A keyword opt-in: what the latest opt-out revoked comes back (<see cref="KeywordOptIns"/>); a number left
/// without marketing consent is asked the brand's double opt-in question (<see cref="DoubleOptIns"/>).</item>
/// <item>The answer to that question (Y) while it is open: marketing granted, with both messages as evidence.</item>
/// <item>HELP: answered.</item>
/// <item>A message that may ask to stop (an uncertain reading): a review for a person is opened, which holds the
/// number's marketing, and the message goes on to routing like any other.</item>
/// </list>
/// Each keyword is answered at most once a minute per number, in the brand's words. Every message published carries an
/// id derived from the inbound message, and a redelivered message is answered from the ledger, so handling it twice
/// changes nothing.
/// </summary>
public sealed class InboundSmsReceivedConsumer(
    ConsentLedger ledger,
    ConsentRecorder recorder,
    ConsentReviews reviews,
    ConsentCache cache,
    KeywordReplyLimiter replyLimiter,
    KeywordClassifiers classifiers,
    KeywordReplies replies,
    DoubleOptIns doubleOptIns,
    BrandScopes brands,
    TimeProvider clock,
    ILogger<InboundSmsReceivedConsumer> logger) : IConsumer<InboundSmsReceived>
{
    /// <summary>The purposes the ids of the messages published are derived for, from the inbound message's id.</summary>
    public const string DoubleOptInQuestionPurpose = "double-opt-in-question";

    public const string ReviewPurpose = "consent-review";

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
            // The language as first read: reading the same text again gives it (the recogniser is pure).
            var language = classifiers.For(scope).Read(inbound.Text, optedOut: earlier.Kind == ConsentKind.OptIn).Language;
            await RecordAndAnswerAsync(context, earlier, askForMarketing: reading.PendingDoubleOptIn?.RequestMessageId == inbound.MessageId, language);
            return;
        }

        var state = reading.State;
        var rules = doubleOptIns.For(scope);
        if (!state.IsOptedOut && reading.PendingDoubleOptIn is { } question && question.ExpiresAt > clock.GetUtcNow()
            && state.StatusOf(ConsentPurpose.Marketing) != ConsentStatus.OptedIn && rules.IsAnswer(inbound.Text))
        {
            ComplianceMetrics.InboundClassified.Add(1, new KeyValuePair<string, object?>("intent", "double_opt_in"));
            await RecordAndAnswerAsync(context, Change(inbound, number, scope, ConsentKind.OptIn, ConsentSource.DoubleOptIn, "double-opt-in:" + ConsentText.Words(inbound.Text!))
                with { Purposes = ConsentPurposes.Marketing, ConfirmedMessageId = question.RequestMessageId, ConfirmedText = question.RequestText },
                askForMarketing: false, language: null);
            await ledger.ForgetDoubleOptInAsync(number, scope, context.CancellationToken);
            logger.DoubleOptInConfirmed(Redact.Phone(number), scope);
            return;
        }

        var read = classifiers.For(scope).Read(inbound.Text, state.IsOptedOut);
        var intent = read.Outcome == ConsentOutcome.Act ? read.Intent : KeywordIntent.None;
        ComplianceMetrics.InboundClassified.Add(1, new KeyValuePair<string, object?>("intent", IntentTag(intent)));
        switch (intent)
        {
            case KeywordIntent.OptOut:
                await RecordAndAnswerAsync(context, Change(inbound, number, scope, ConsentKind.OptOut, KeywordMatch.SourceOf(read.Rule), read.Rule!), askForMarketing: false, read.Language);
                break;

            case KeywordIntent.OptIn:
                var history = await ledger.GetHistoryAsync(number, scope, context.CancellationToken);
                var plan = KeywordOptIns.Plan(history);
                var ask = plan.AskForMarketing && rules.Enabled;
                if (ask)
                {
                    var now = clock.GetUtcNow();
                    await ledger.AskDoubleOptInAsync(number, scope,
                        new PendingDoubleOptIn(inbound.MessageId, inbound.Text ?? "", now, now + rules.Window), context.CancellationToken);
                }
                await RecordAndAnswerAsync(context,
                    Change(inbound, number, scope, ConsentKind.OptIn, KeywordMatch.SourceOf(read.Rule), read.Rule!) with { Purposes = plan.Purposes }, ask, read.Language);
                break;

            case KeywordIntent.Help:
                await PublishHelpAsync(context, number, read.Rule!, read.Language);
                break;

            default:
                if (read is { Outcome: ConsentOutcome.Uncertain, Intent: KeywordIntent.OptOut } && !state.IsOptedOut)
                    await OpenReviewAsync(context, number, scope, read);
                await Publish(context, new InboundSmsAccepted { Message = inbound, AcceptedAt = clock.GetUtcNow() }, "accepted");
                break;
        }
    }

    /// <summary>A change this message causes, with the message as evidence.</summary>
    private ConsentEvent Change(InboundSmsReceived inbound, string number, string scope, ConsentKind kind, ConsentSource source, string rule) => new()
    {
        Number = number,
        Scope = scope,
        Kind = kind,
        Source = source,
        Rule = rule,
        EvidenceMessageId = inbound.MessageId,
        EvidenceText = inbound.Text,
        OccurredAt = OccurredAt(inbound.ReceivedAt, clock.GetUtcNow()),
    };

    /// <summary>
    /// Records <paramref name="change"/> (or, redelivered, finds it recorded) through the recorder, which drains the
    /// sends in flight and announces it, then answers the customer: the confirmation, and the double opt-in question
    /// when <paramref name="askForMarketing"/>.
    /// </summary>
    /// <param name="language">The language the customer wrote in, when the reading knows it: the confirmation's language.</param>
    private async Task RecordAndAnswerAsync(ConsumeContext<InboundSmsReceived> context, ConsentEvent change, bool askForMarketing, string? language)
    {
        var inbound = context.Message;
        // The keyword's minute is claimed before the change is announced, so a second keyword sent right after this one
        // finds it taken; the reply itself goes out only after the recorder has drained the sends in flight.
        var answer = change.Source == ConsentSource.DoubleOptIn
            || await replyLimiter.TryClaimAsync(change.Scope, change.Number, change.Rule, inbound.MessageId);
        var recording = await recorder.RecordAndAnnounceAsync(change, inbound.MessageId, context, Announcement.AgainWhenRecordedBefore, context.CancellationToken);
        var recorded = recording.Event;
        var redacted = Redact.Phone(recorded.Number);
        if (recorded.Kind == ConsentKind.OptOut) logger.OptOutRecorded(redacted, recorded.Rule);
        else logger.OptInRecorded(redacted, recorded.Rule);

        var intent = recorded.Kind == ConsentKind.OptOut ? KeywordIntent.OptOut : KeywordIntent.OptIn;
        if (recorded.Source == ConsentSource.DoubleOptIn)
        {
            // The answer to the question: one confirmation, never limited (the customer asked for it a moment ago).
            var text = doubleOptIns.For(recorded.Scope).Confirmation;
            await Publish(context, KeywordReplies.Compose(MessageIds.Derive(inbound.MessageId, KeywordReplies.Purpose), recorded.Number,
                inbound.To, text, inbound.MessageId, recorded.RecordedAt), KeywordReplies.Purpose);
            return;
        }

        await ReplyAsync(context, answer, recorded.Number, intent, recorded.Rule, recorded.RecordedAt, language);
        if (askForMarketing)
        {
            await Publish(context, KeywordReplies.Compose(MessageIds.Derive(inbound.MessageId, DoubleOptInQuestionPurpose), recorded.Number,
                inbound.To, doubleOptIns.For(recorded.Scope).Question, inbound.MessageId, recorded.RecordedAt), DoubleOptInQuestionPurpose);
            logger.DoubleOptInAsked(redacted, recorded.Scope);
        }
    }

    private async Task PublishHelpAsync(ConsumeContext<InboundSmsReceived> context, string number, string rule, string? language)
    {
        var inbound = context.Message;
        var answer = await replyLimiter.TryClaimAsync(brands.ScopeFor(inbound.To), number, rule, inbound.MessageId);
        await ReplyAsync(context, answer, number, KeywordIntent.Help, rule, clock.GetUtcNow(), language);
        await Publish(context, new HelpRequested
        {
            Number = number,
            To = inbound.To,
            Rule = rule,
            InboundMessageId = inbound.MessageId,
            RequestedAt = inbound.ReceivedAt,
        }, "help-requested");
        logger.HelpRequested(Redact.Phone(number), rule);
    }

    /// <summary>
    /// Opens a review of a message that may ask to stop; the cache drops the number's state (and waits for the sends
    /// in flight) before the review is announced, so no marketing decided without it goes out after it.
    /// </summary>
    private async Task OpenReviewAsync(ConsumeContext<InboundSmsReceived> context, string number, string scope, ConsentReading read)
    {
        var inbound = context.Message;
        var review = new ConsentReview
        {
            ReviewId = MessageIds.Derive(inbound.MessageId, ReviewPurpose),
            Number = number,
            Scope = scope,
            BusinessNumber = inbound.To,
            InboundMessageId = inbound.MessageId,
            InboundText = inbound.Text ?? "",
            Score = read.Score,
            Language = read.Language,
            Rule = read.Rule!,
            ReceivedAt = OccurredAt(inbound.ReceivedAt, clock.GetUtcNow()),
        };
        await reviews.OpenAsync(review, context.CancellationToken);
        await cache.InvalidateAsync(number, scope, drain: true, context.CancellationToken);
        await Publish(context, new ConsentReviewRequested
        {
            ReviewId = review.ReviewId,
            Number = number,
            Scope = scope,
            BusinessNumber = inbound.To,
            InboundMessageId = inbound.MessageId,
            Score = read.Score,
            Language = read.Language,
            Rule = read.Rule!,
            RequestedAt = review.ReceivedAt,
        }, ReviewPurpose);
        logger.ReviewOpened(inbound.MessageId, Redact.Phone(number), read.Score, read.Rule!, review.ReviewId);
    }

    /// <summary>
    /// The reply to a keyword when this message claimed the keyword's minute for the number (<see cref="KeywordReplyLimiter"/>:
    /// each keyword is answered at most once a minute); else only a log line.
    /// </summary>
    private async Task ReplyAsync(
        ConsumeContext<InboundSmsReceived> context, bool claimed, string number, KeywordIntent intent, string rule, DateTimeOffset at, string? language)
    {
        if (claimed)
            await Publish(context, replies.ReplyTo(context.Message, number, intent, at, brands.ScopeFor(context.Message.To), language), KeywordReplies.Purpose);
        else
            logger.ReplyLimited(Redact.Phone(number), rule);
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
