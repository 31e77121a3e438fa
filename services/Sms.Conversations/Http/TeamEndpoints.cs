using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.Data;
using Sms.Conversations.Teams;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>The teams escalations are routed to, and an agent's availability for assignment.</summary>
public static class TeamEndpoints
{
    public static IEndpointRouteBuilder MapTeamEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/teams", ListAsync).RequireScope(ApiScopes.InboxRead).WithTags("Teams")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Every team: open now or when it opens, capacity per member, its queue's length and its members' availability.");
        app.MapPut("/v1/agents/me/availability", SetAvailabilityAsync).RequireScope(ApiScopes.InboxWrite).WithTags("Agents")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Marks the signed-in agent away (no new conversations are assigned to them) or available (their teams' queues are assigned at once).");
        return app;
    }

    private static async Task<Ok<List<TeamView>>> ListAsync(
        [FromServices] TeamDirectory teams, [FromServices] InboxQueries queries, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var views = new List<TeamView>();
        foreach (var team in teams.Teams)
        {
            var (members, queued) = await queries.TeamAsync(team, cancellationToken);
            var open = team.Hours.IsOpen(now);
            views.Add(new TeamView(
                team.Name, team == teams.Default, open, open ? null : team.Hours.NextOpening(now),
                team.Hours.IsAlwaysOpen ? null : team.Hours.Zone.Id, team.Capacity, queued,
                members.Select(m => new TeamMember(m.Username, m.SignedIn, m.Away, m.OpenConversations, m.Available)).ToList()));
        }
        return TypedResults.Ok(views);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetAvailabilityAsync(
        [FromBody] AvailabilityRequest? request, System.Security.Claims.ClaimsPrincipal user, [FromServices] ConversationHandoff handoff,
        CancellationToken cancellationToken)
    {
        var errors = AvailabilityRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The availability is not valid");
        return await handoff.SetAwayAsync(user.UserName(), request!.Away!.Value, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not an agent", detail: "Only an agent signed in to the inbox has an availability.", statusCode: StatusCodes.Status404NotFound);
    }
}
