using Sms.Contracts.Outbound;

namespace Sms.ServiceDefaults.Validation;

/// <summary>
/// The <c>prompt</c> member of an HTTP request (Ingress' <c>POST /v1/messages</c>, Campaigns' <c>POST /v1/campaigns</c>):
/// what a message asks, so the reply can be understood. Everything is optional here so that <see cref="PromptRules"/>
/// can report every missing or wrong field at once; the same shape is shown back (a campaign's <c>GET</c>).
/// </summary>
public sealed record PromptBody
{
    public string? SessionType { get; init; }

    /// <summary>Accepted reply → action, e.g. <c>{"YES":"confirm_appointment"}</c>.</summary>
    public Dictionary<string, string?>? Options { get; init; }

    /// <summary>Action → text sent back automatically when the reply means that action.</summary>
    public Dictionary<string, string?>? AutoResponses { get; init; }

    public int? TimeToLiveSeconds { get; init; }

    public Dictionary<string, string?>? Context { get; init; }

    /// <summary>
    /// A prompt from the bus in this shape, for <see cref="PromptRules"/> to check it by the same rules (a time to live
    /// beyond what an <see cref="int"/> holds is kept out of range, so it is refused rather than wrapped round).
    /// </summary>
    public static PromptBody Of(SmsPrompt prompt) => new()
    {
        SessionType = prompt.SessionType,
        Options = prompt.Options?.ToDictionary(o => o.Key, o => (string?)o.Value, StringComparer.Ordinal),
        AutoResponses = prompt.AutoResponses?.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal),
        TimeToLiveSeconds = prompt.TimeToLive is { } ttl ? (int)Math.Clamp(Math.Ceiling(ttl.TotalSeconds), int.MinValue, int.MaxValue) : null,
        Context = prompt.Context?.ToDictionary(c => c.Key, c => (string?)c.Value, StringComparer.Ordinal),
    };
}
