using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Router.Data;
using Sms.ServiceDefaults.Security;

namespace Sms.Router.Http;

/// <summary>A customer's open sessions, for the inbox and for debugging.</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions").RequireScope(ApiScopes.InboxRead);
        sessions.MapGet("/{customerNumber}", ListOpenSessionsAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Results<Ok<SessionList>, ProblemHttpResult>> ListOpenSessionsAsync(
        string customerNumber, SessionStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (SessionListRequestValidator.Validate(customerNumber) is not { } number)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: SessionListRequestValidator.NotAPhoneNumberTitle,
                detail: SessionListRequestValidator.NotAPhoneNumberDetail);
        }

        var now = clock.GetUtcNow();
        var open = (await store.LoadAsync(number, cancellationToken))
            .Where(s => s.IsOpenAt(now))
            .OrderByDescending(s => s.CreatedAt)
            .Select(SessionView.From)
            .ToList();
        return TypedResults.Ok(new SessionList(number, open));
    }
}
