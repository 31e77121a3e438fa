namespace Sms.Fuzz.Tests.Generation;

/// <summary>
/// What the generator knows of the platform under test: its ports, the API key, a signed-in inbox session, and ids that
/// exist (conversations, canned responses), so that some requests get past routing and authentication to the code
/// behind them.
/// </summary>
public sealed class FuzzTargets
{
    public required string ApiKey { get; init; }

    public required IReadOnlyDictionary<string, int> Ports { get; init; }

    public required string BusinessNumber { get; init; }

    /// <summary>The inbox session cookie (<c>name=value</c>) of a signed-in admin, or null.</summary>
    public string? SessionCookie { get; set; }

    public List<Guid> ConversationIds { get; } = [];

    public List<Guid> CannedResponseIds { get; } = [];

    /// <summary>Ids that exist in Campaigns, by the resource their routes name: <c>segments</c>, <c>audiences</c>, <c>campaigns</c>.</summary>
    public Dictionary<string, List<Guid>> KnownIds { get; } = new(StringComparer.Ordinal);
}
