namespace Sms.Contracts.Conversations;

/// <summary>
/// Event: what the inbox knows of a contact, whole, after any change to it (its name, labels, attributes or engagement
/// score, changed by an agent, the API or automation's <see cref="Routing.ContactProfileChanged"/>). A snapshot, not a
/// difference: a consumer keeps the one with the highest <see cref="Version"/> and may ignore any older one, so events
/// arriving twice or out of order change nothing. Published by Conversations, from its outbox; Campaigns builds the
/// contact data its segments need from it.
/// </summary>
public sealed record ContactChanged
{
    /// <summary>The contact's number, E.164.</summary>
    public required string Number { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The contact's attributes, e.g. <c>first_name</c>, <c>city</c>, <c>tier</c>.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    public int EngagementScore { get; init; }

    /// <summary>Grows with every change of the contact: the newer snapshot wins.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }
}

/// <summary>
/// Command to Conversations: publish a <see cref="ContactChanged"/> for every contact it holds, e.g. when a service that
/// projects contacts starts with none. Answered in pages, with the same events as any change.
/// </summary>
public sealed record ContactsRequested
{
    /// <summary>The service asking, for the log.</summary>
    public required string RequestedBy { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }
}
