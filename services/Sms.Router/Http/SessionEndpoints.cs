using Sms.Router.Data;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Security;

namespace Sms.Router.Http;

/// <summary>A customer's open sessions, for the inbox and for debugging.</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions").RequireApiKey();
        sessions.MapGet("/{customerNumber}", ListOpenSessionsAsync);
        return app;
    }

    private static async Task<IResult> ListOpenSessionsAsync(
        string customerNumber, SessionStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PhoneNumbers.Normalise(customerNumber) is not { } number)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Not a phone number",
                detail: "Give the customer's number in E.164 form, e.g. +447700900001 (URL-encode the + as %2B if your client needs to).");
        }

        var now = clock.GetUtcNow();
        var open = (await store.LoadAsync(number, cancellationToken))
            .Where(s => s.IsOpenAt(now))
            .OrderByDescending(s => s.CreatedAt)
            .Select(SessionView.From)
            .ToList();
        return Results.Ok(new SessionList(number, open));
    }
}

public sealed record SessionList(string CustomerNumber, IReadOnlyList<SessionView> Sessions);

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
