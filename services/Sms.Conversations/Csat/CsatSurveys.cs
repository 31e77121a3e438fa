using System.Globalization;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.ServiceDefaults.Messaging;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Csat;

/// <summary>A conversation as an agent resolved it: what the survey is built from.</summary>
/// <param name="ResolvedSeq">The last message stored when it was resolved: tells one resolution from the next.</param>
/// <param name="Agent">Its assignee at the resolution (the agent the score is about), if any.</param>
public sealed record Resolution(Guid ConversationId, string CustomerNumber, string BusinessNumber, long ResolvedSeq, string? Agent);

/// <summary>A customer's score, read from the classified reply to a survey.</summary>
public sealed record CsatAnswer(Guid PromptMessageId, Guid ConversationId, int Score, string? Agent, Guid InboundMessageId, DateTimeOffset AnsweredAt);

/// <summary>
/// The decisions of the satisfaction survey (CSAT): whether a resolve asks, the survey it sends, what a reply to it
/// scores, and whether that score puts the conversation back in front of people. No I/O: the resolve
/// (<c>Data/ConversationHandoff</c>, through the outbox) and <see cref="CsatAnswers"/> act on what it decides, and
/// <c>Data/CsatStore</c> stores it.
/// </summary>
public static class CsatSurveys
{
    /// <summary>The Router's session type of the survey; its classified replies carry it back.</summary>
    public const string SessionType = "csat";

    public const int LowestScore = 1;
    public const int HighestScore = 5;

    /// <summary>The prompt's context: the conversation asked about and the agent who resolved it.</summary>
    public const string ConversationKey = "conversationId";
    public const string AgentKey = "agent";

    /// <summary>The actions of the survey's options: <c>csat_1</c> … <c>csat_5</c>.</summary>
    public const string ActionPrefix = "csat_";

    /// <summary>
    /// Only a resolve that resolved something asks: a conversation already resolved (a retried or repeated call) was
    /// asked when it was resolved. The customer's next message, or an agent's reopen, makes the next resolve ask again.
    /// </summary>
    public static bool ShouldAsk(CsatOptions options, string statusBefore) =>
        options.Enabled && statusBefore != Threads.ConversationStatuses.Resolved;

    /// <summary>
    /// The survey for one resolution. Its message id is derived from the conversation and the resolution's last
    /// message, so two calls for the same resolution (two agents at once, a retry) publish the same <c>SendSms</c>,
    /// which every later step treats as one; a resolution after a reopen follows at least the survey in the thread,
    /// so it asks again under a new id.
    /// </summary>
    public static SendSms Survey(CsatOptions options, Resolution resolution, DateTimeOffset at)
    {
        var context = new Dictionary<string, string> { [ConversationKey] = resolution.ConversationId.ToString("D") };
        if (resolution.Agent is { } agent)
            context[AgentKey] = agent;
        return new SendSms
        {
            MessageId = MessageIds.Derive(resolution.ConversationId, $"csat:{resolution.ResolvedSeq.ToString(CultureInfo.InvariantCulture)}"),
            To = resolution.CustomerNumber,
            From = resolution.BusinessNumber,
            Text = options.Text,
            Category = SmsCategory.Conversational,
            Origin = SmsOrigin.Automation,
            RequestedAt = at,
            Prompt = new SmsPrompt
            {
                SessionType = SessionType,
                Options = Enumerable.Range(LowestScore, HighestScore - LowestScore + 1).ToDictionary(
                    s => s.ToString(CultureInfo.InvariantCulture), s => ActionPrefix + s.ToString(CultureInfo.InvariantCulture)),
                TimeToLive = options.SessionTtl,
                Context = context,
                // A customer who writes about something else is not told "Sorry, we didn't recognize that".
                ClarifyUnrecognised = false,
            },
        };
    }

    /// <summary>
    /// The score a classified reply gives, when it answers a survey: its session type is <see cref="SessionType"/>, its
    /// action <c>csat_1</c> to <c>csat_5</c> and its context names the conversation. Anything else is no answer.
    /// </summary>
    public static bool TryReadAnswer(ReplyClassified reply, out CsatAnswer answer)
    {
        answer = null!;
        if (reply.SessionType != SessionType
            || !reply.Action.StartsWith(ActionPrefix, StringComparison.Ordinal)
            || !int.TryParse(reply.Action.AsSpan(ActionPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var score)
            || score is < LowestScore or > HighestScore
            || !reply.Context.TryGetValue(ConversationKey, out var id)
            || !Guid.TryParse(id, out var conversationId))
            return false;
        answer = new CsatAnswer(reply.PromptMessageId, conversationId, score,
            reply.Context.TryGetValue(AgentKey, out var agent) ? agent : null, reply.InboundMessageId, reply.ClassifiedAt);
        return true;
    }

    /// <summary>A score this low reopens the conversation and flags it, for a person to look again.</summary>
    public static bool IsLow(CsatOptions options, int score) => score <= options.LowScore;
}
