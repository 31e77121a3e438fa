using System.ComponentModel.DataAnnotations;
using Sms.Contracts.Routing;
using Sms.Router.Flows;

namespace Sms.Router.Extensions;

/// <summary>The router's settings, bound from <c>Router:*</c> (environment: <c>Router__DefaultSessionTtl</c>, …).</summary>
public sealed class RouterOptions : IValidatableObject
{
    public const string Section = "Router";

    /// <summary>How long a session waits for a reply when its prompt names no time to live.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan DefaultSessionTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a session's Redis key outlives the session's expiry. It never matches a reply in that time; it lets a
    /// reader that comes after the expiry (the expiry poller) still read it. Default none: the key expires with the session.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ExpiredSessionRetention { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Words and their spellings, e.g. <c>Router:Synonyms:YES:0 = Y</c>. A configured table replaces the defaults
    /// (<see cref="Sessions.ReplyNormalizer.DefaultSynonyms"/>: yes ← y, yeah, yep, yup, sure, ok, okay, confirm,
    /// confirmed, 👍; no ← n, nope, nah) as a whole.
    /// </summary>
    public Dictionary<string, string[]>? Synonyms { get; set; }

    /// <summary>
    /// Asked when a reply inside an open session is not understood; <c>{options}</c> becomes the session's options
    /// ("YES or NO").
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    [MaxLength(1600)]
    public string Clarification { get; set; } = Replies.ReplyDecider.DefaultClarification;

    /// <summary>How many times a session asks again before the conversation goes to a person (<c>AutomationFailed</c>).</summary>
    [Range(0, 10)]
    public int MaxClarifications { get; set; } = Replies.ReplyDecider.DefaultMaxClarifications;

    /// <summary>What in a customer's words escalates the conversation, and with which priority.</summary>
    public EscalationOptions Escalation { get; set; } = new();

    /// <summary>The poller that announces sessions that expired unanswered.</summary>
    public SessionExpiryOptions SessionExpiry { get; set; } = new();

    /// <summary>
    /// Multi-step conversations by name (<c>Router:Flows:{name}</c>), started with the <c>StartFlow</c> command; checked
    /// on start by <see cref="FlowValidator"/>.
    /// </summary>
    public Dictionary<string, FlowDefinition> Flows { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Engagement points for the contact's score in the inbox (<c>ContactProfileChanged</c>).</summary>
    public EngagementOptions Engagement { get; set; } = new();

    /// <summary>Conversations handed to people (<c>Router:Handoff:*</c>).</summary>
    public HandoffOptions Handoff { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var problems = new List<ValidationResult>();
        var normalizer = new Sessions.ReplyNormalizer();
        if (Synonyms is not null)
        {
            try { normalizer = Sessions.ReplyNormalizer.FromTable(Synonyms); }
            catch (ArgumentException e) { problems.Add(new ValidationResult(e.Message, [nameof(Synonyms)])); }
        }
        foreach (var problem in FlowValidator.Validate(Flows, normalizer))
            problems.Add(new ValidationResult(problem, [nameof(Flows)]));
        if (new[] { Engagement.ReplyPoints, Engagement.PurchaseIntentPoints, Engagement.CompletedFlowPoints }.Any(p => p is < 0 or > EngagementOptions.MaxPoints))
            problems.Add(new ValidationResult($"Engagement points are between 0 and {EngagementOptions.MaxPoints}.", [nameof(Engagement)]));
        if (Engagement.PurchaseIntentKeywords is { } keywords && keywords.Any(string.IsNullOrWhiteSpace))
            problems.Add(new ValidationResult("Router:Engagement:PurchaseIntentKeywords holds an empty keyword.", [nameof(Engagement)]));
        foreach (var topic in Escalation.SensitiveTopics ?? [])
        {
            if (string.IsNullOrWhiteSpace(topic.Name) || topic.Keywords is not { Length: > 0 } || topic.Keywords.Any(string.IsNullOrWhiteSpace))
                problems.Add(new ValidationResult($"Every sensitive topic needs a name and non-empty keywords ('{topic.Name}').", [nameof(Escalation)]));
        }
        if (Handoff.PeopleOwnershipLimit <= TimeSpan.Zero)
            problems.Add(new ValidationResult("Router:Handoff:PeopleOwnershipLimit must be positive.", [nameof(Handoff)]));
        if (SessionExpiry.PollInterval <= TimeSpan.Zero || SessionExpiry.ClaimLease <= TimeSpan.Zero || SessionExpiry.BatchSize < 1)
            problems.Add(new ValidationResult("The session expiry poller needs a positive poll interval, claim lease and batch size.", [nameof(SessionExpiry)]));
        return problems;
    }
}

/// <summary><c>Router:Handoff:*</c>: what the Router does while people own a conversation (README, "Who owns a conversation").</summary>
public sealed class HandoffOptions
{
    /// <summary>
    /// How long people own a conversation after its last ownership change when no further change arrives. Conversations
    /// gives an idle conversation back to the automation much earlier (<c>Inbox:Handoff:IdleTimeout</c>); this only
    /// bounds how long a lost event could keep the automation quiet. Default 7 days.
    /// </summary>
    public TimeSpan PeopleOwnershipLimit { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// <c>Router:Escalation:*</c>. A configured list replaces its default as a whole (the defaults:
/// <see cref="Replies.EscalationRules"/>). Words and phrases match whole words, case-insensitively.
/// </summary>
public sealed class EscalationOptions
{
    /// <summary>The customer asks for a person: "agent", "human", "call me", "speak to someone", …</summary>
    public string[]? HumanRequestPhrases { get; set; }

    public EscalationPriority HumanRequestPriority { get; set; } = EscalationPriority.High;

    /// <summary>Strong negative emotion: "furious", "unacceptable", "fed up", …</summary>
    public string[]? NegativeWords { get; set; }

    public EscalationPriority NegativeSentimentPriority { get; set; } = EscalationPriority.High;

    /// <summary>Billing (High), fraud and security (Urgent) by default.</summary>
    public SensitiveTopicOptions[]? SensitiveTopics { get; set; }
}

public sealed class SensitiveTopicOptions
{
    public string Name { get; set; } = string.Empty;

    public string[] Keywords { get; set; } = [];

    public EscalationPriority Priority { get; set; } = EscalationPriority.High;
}

/// <summary>
/// <c>Router:Engagement:*</c>: points added to a contact's engagement score. A reply that answers a session, a message
/// with a purchase-intent keyword (whole words, case-insensitive), a flow run completed by the customer's answers.
/// </summary>
public sealed class EngagementOptions
{
    public const int MaxPoints = 1000;

    public int ReplyPoints { get; set; } = 8;

    public int PurchaseIntentPoints { get; set; } = 12;

    public int CompletedFlowPoints { get; set; } = 15;

    /// <summary>Replaces the default list (buy, price, order, how much, cost, purchase) as a whole.</summary>
    public string[]? PurchaseIntentKeywords { get; set; }
}

/// <summary><c>Router:SessionExpiry:*</c>.</summary>
public sealed class SessionExpiryOptions
{
    /// <summary>Whether this instance polls; any number of instances may, each expiry is announced once.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sessions claimed per poll at most.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claimed expiry may stay unannounced before another instance takes it over (the claimant died).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);
}
