using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Conversations.Agents;
using Sms.Conversations.Extensions;
using Sms.Conversations.Data;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// <c>GET /v1/events</c>: server-sent events of the inbox (<c>conversation</c>, <c>message</c>, <c>status</c>). Each
/// event's id is its position in the database's change feed, the same for every instance of the service, so a client
/// reconnecting with <c>Last-Event-ID</c> to any instance gets what it missed. The data is the current state of what
/// changed, read when the event is sent. A stream opened with a session ends when the session does (signed out here or
/// on another instance, ended by an admin, expired): it checks at every poll. The feed keeps changes for
/// <c>Inbox:Events:Retention</c>; a client resuming from a change pruned since gets <c>event: reset</c> first and
/// reloads (<see cref="ChangeFeedCursor.Resume"/>).
/// </summary>
public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", StreamAsync).RequireScope(ApiScopes.InboxRead)
            .WithTags("Live updates")
            .WithSummary("Server-sent events: conversation (a ConversationSummary), message ({conversationId, message}), status ({conversationId, messageId, status, statusDetail, at}), reset ({reason, position}: what was missed is gone, reload). Resume with Last-Event-ID; a comment heartbeat every 15 s.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    /// <summary>The stream, written as changes come (the answer has begun when this returns); a 400 when it cannot resume.</summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem>> StreamAsync(
        HttpContext context, ChangeFeedStore feed, InboxQueries queries, IOptions<EventsOptions> options,
        IOptions<JsonOptions> json, TimeProvider time, InboxSessions sessions)
    {
        var session = InboxSessionHandler.SessionOf(context.User) is null ? null : context.Request.Cookies[InboxAuthentication.CookieName];
        var cancellationToken = context.RequestAborted;
        if (!LastEventIdValidator.TryParse(
                context.Request.Headers["Last-Event-ID"].ToString(), context.Request.Query["lastEventId"].ToString(), out var resumeAfter, out var errors))
            return TypedResults.ValidationProblem(errors);
        var last = resumeAfter ?? await feed.LatestAsync(cancellationToken);
        var reset = false;
        if (resumeAfter is { } requested)
            (last, reset) = ChangeFeedCursor.Resume(requested, await feed.PrunedThroughAsync(cancellationToken));

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync($"retry: 2000\n: position {last}\n\n", cancellationToken);
        if (reset)
        {
            // What it missed is no longer in the feed: the client reloads its lists, then follows from here.
            await response.WriteAsync($"id: {last}\nevent: reset\ndata: {{\"reason\":\"pruned\",\"position\":{last}}}\n\n", cancellationToken);
        }
        await response.Body.FlushAsync(cancellationToken);

        var serializer = json.Value.SerializerOptions;
        var poll = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.PollMilliseconds));
        var heartbeat = TimeSpan.FromSeconds(Math.Max(1, options.Value.HeartbeatSeconds));
        var lastWrite = time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (session is not null && await sessions.FindLiveAsync(session, cancellationToken) is null)
                    break;
                var rows = await feed.AfterAsync(last, 200, cancellationToken);
                var deliverable = ChangeFeedCursor.Deliverable(last, rows.Select(r => new FeedPosition(r.Position, r.Settled)))
                    .Select(p => p.Position).ToHashSet();
                foreach (var change in rows.Where(r => deliverable.Contains(r.Position)))
                {
                    if (await RenderAsync(change, queries, cancellationToken) is { } data)
                    {
                        await response.WriteAsync(
                            $"id: {change.Position}\nevent: {change.Kind}\ndata: {JsonSerializer.Serialize(data, serializer)}\n\n",
                            cancellationToken);
                        lastWrite = time.GetUtcNow();
                    }
                    last = change.Position;
                }
                if (time.GetUtcNow() - lastWrite >= heartbeat)
                {
                    await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                    lastWrite = time.GetUtcNow();
                }
                await response.Body.FlushAsync(cancellationToken);
                if (deliverable.Count < 200)
                    await Task.Delay(poll, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        return TypedResults.Empty;
    }

    private static async Task<object?> RenderAsync(ChangeRow change, InboxQueries queries, CancellationToken cancellationToken)
    {
        switch (change.Kind)
        {
            case ChangeKinds.Conversation:
                return await queries.GetConversationAsync(change.ConversationId, cancellationToken) is { } conversation
                    ? InboxEndpoints.Summary(conversation)
                    : null;
            case ChangeKinds.Message when change.MessageId is { } id:
                return await queries.GetMessageAsync(id, cancellationToken) is { } message
                    ? new { conversationId = change.ConversationId, message = InboxEndpoints.Message(message) }
                    : null;
            case ChangeKinds.Status when change.MessageId is { } id:
                if (await queries.GetMessageAsync(id, cancellationToken) is not { } changed)
                    return null;
                var at = changed.Timeline is { Count: > 0 } timeline ? timeline[^1].At : new DateTimeOffset(DateTime.SpecifyKind(changed.CreatedAt, DateTimeKind.Utc));
                return new
                {
                    conversationId = change.ConversationId, messageId = id, status = changed.Status,
                    statusDetail = changed.StatusDetail, at,
                };
            default:
                return null;
        }
    }
}
