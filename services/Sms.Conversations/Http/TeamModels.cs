namespace Sms.Conversations.Http;

/// <summary>A member of a team as the inbox shows them.</summary>
public sealed record TeamMember(string Username, bool SignedIn, bool Away, int OpenConversations, bool Available);

/// <summary>A team: open now or when it opens next, its members and how many conversations wait in its queue.</summary>
public sealed record TeamView(string Name, bool Default, bool OpenNow, DateTimeOffset? OpensAt, string? TimeZone, int Capacity, int Queued, IReadOnlyList<TeamMember> Members);

/// <summary>An agent marks themselves away (no new conversations are assigned to them) or available.</summary>
public sealed record AvailabilityRequest(bool? Away);
