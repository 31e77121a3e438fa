using Sms.Router.Sessions;

namespace Sms.Router.Http;

/// <summary>The answer of <c>GET /v1/sessions/{customerNumber}</c>: the customer's open sessions, most recent first.</summary>
public sealed record SessionList(string CustomerNumber, IReadOnlyList<SessionView> Sessions);

/// <summary>One open session as the API shows it: what the prompt asked, what each answer does, until when.</summary>
public sealed record SessionView(
    Guid Id,
    string CustomerNumber,
    string BusinessNumber,
    string SessionType,
    string? CampaignId,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyDictionary<string, string> AutoResponses,
    IReadOnlyDictionary<string, string> Context,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public static SessionView From(ConversationSession s) =>
        new(s.Id, s.CustomerNumber, s.BusinessNumber, s.SessionType, s.CampaignId, s.Options, s.AutoResponses, s.Context, s.CreatedAt, s.ExpiresAt);
}
