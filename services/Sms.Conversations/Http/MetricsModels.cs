using Sms.Conversations.Data;

namespace Sms.Conversations.Http;

/// <param name="CsatByAgent">The satisfaction surveys of the whole period, per agent who resolved the conversation.</param>
/// <param name="CsatByTeam">The same per team whose people owned the conversation.</param>
public sealed record MetricsResponse(IReadOnlyList<MetricsRow> Rows, IReadOnlyList<CsatAgentRow> CsatByAgent, IReadOnlyList<CsatTeamRow> CsatByTeam);

/// <summary>The period and grouping of <c>GET /v1/metrics</c>, checked (<see cref="MetricsQueryValidator"/>).</summary>
public sealed record MetricsQuery(DateTimeOffset From, DateTimeOffset To, bool ByCampaign);
