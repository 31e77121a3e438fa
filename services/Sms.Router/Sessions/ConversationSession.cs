using Sms.Contracts.Outbound;

namespace Sms.Router.Sessions;

/// <summary>
/// A prompt waiting for the customer's reply: what we asked, on which number, what each answer means and until when.
/// Its id is the prompt's message id, so storing the same <see cref="SmsSent"/> twice is one session.
/// </summary>
public sealed record ConversationSession
{
    /// <summary>The prompt's message id (<c>SendSms.MessageId</c>).</summary>
    public required Guid Id { get; init; }

    /// <summary>The customer's number the prompt went to.</summary>
    public required string CustomerNumber { get; init; }

    /// <summary>Our number the prompt went out from (the sender actually used).</summary>
    public required string BusinessNumber { get; init; }

    public required string SessionType { get; init; }

    public string? CampaignId { get; init; }

    /// <summary>Accepted replies as written in the prompt, and the action each one means.</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>Text sent back automatically, keyed by action.</summary>
    public IReadOnlyDictionary<string, string> AutoResponses { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Whether a reply that matches none of its options is asked again (<c>SmsPrompt.ClarifyUnrecognised</c>).</summary>
    public bool ClarifyUnrecognised { get; init; } = true;

    /// <summary>A session accepts replies until it expires, never after.</summary>
    public bool IsOpenAt(DateTimeOffset now) => ExpiresAt > now;

    /// <summary>The auto-response for an action, when the prompt has one.</summary>
    public string? AutoResponseFor(string action) =>
        AutoResponses.TryGetValue(action, out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    /// <summary>
    /// The session a sent prompt opens, or null when the message carried no prompt. It starts when the carrier took
    /// the message and lasts the prompt's time to live (the default when the prompt names none or a non-positive one).
    /// </summary>
    public static ConversationSession? FromSent(SmsSent sent, TimeSpan defaultTimeToLive)
    {
        var prompt = sent.Request.Prompt;
        if (prompt is null) return null;
        var timeToLive = prompt.TimeToLive is { } ttl && ttl > TimeSpan.Zero ? ttl : defaultTimeToLive;
        return new ConversationSession
        {
            Id = sent.Request.MessageId,
            CustomerNumber = sent.Request.To,
            BusinessNumber = sent.From,
            SessionType = prompt.SessionType,
            CampaignId = sent.Request.CampaignId,
            Options = Copy(prompt.Options),
            AutoResponses = Copy(prompt.AutoResponses),
            Context = Copy(prompt.Context),
            CreatedAt = sent.SentAt,
            ExpiresAt = sent.SentAt + timeToLive,
            ClarifyUnrecognised = prompt.ClarifyUnrecognised,
        };
    }

    // A message deserialised from the wire may carry null for a dictionary it left out.
    private static Dictionary<string, string> Copy(IReadOnlyDictionary<string, string>? source) =>
        source is null ? [] : new Dictionary<string, string>(source, StringComparer.Ordinal);
}
