using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Agents;

/// <summary>
/// Whether a signed-in agent is given an <see cref="InboxPass"/> for a service: the service must be one a pass exists
/// for (<see cref="InboxPass.Services"/>) and configured here (its browser-facing URL, and the pass key); the agent must
/// hold the scope that service needs (their role's, <see cref="AgentScopes"/>). The pass carries all the agent's
/// scopes, so the service decides each call as it would for a key. Pure (README, "The Campaigns page").
/// </summary>
public static class InboxPassGrant
{
    public static PassDecision Decide(
        string? service, IReadOnlyDictionary<string, string> urls, string? key, IReadOnlyCollection<string> agentScopes)
    {
        if (string.IsNullOrEmpty(service) || !InboxPass.Services.TryGetValue(service, out var needed))
            return new PassDecision.NotFound($"No pass exists for '{service}': the inbox knows {string.Join(", ", InboxPass.Services.Keys)}.");
        if (string.IsNullOrEmpty(key) || !urls.TryGetValue(service, out var url) || string.IsNullOrWhiteSpace(url))
            return new PassDecision.NotFound($"This inbox is not set up to open {service}: {InboxPass.KeySetting} and Inbox:Services:{service} are needed.");
        if (!agentScopes.Contains(needed))
            return new PassDecision.Forbidden($"Opening {service} needs the scope '{needed}'; your role does not hold it.");
        return new PassDecision.Granted(service, url.TrimEnd('/'), [.. agentScopes]);
    }
}

/// <summary>What <see cref="InboxPassGrant"/> decided.</summary>
public abstract record PassDecision
{
    private PassDecision() { }

    public sealed record Granted(string Audience, string Url, IReadOnlyList<string> Scopes) : PassDecision;

    public sealed record NotFound(string Reason) : PassDecision;

    public sealed record Forbidden(string Reason) : PassDecision;
}
