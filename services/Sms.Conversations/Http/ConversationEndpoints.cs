using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>The conversations API: read-only views of the stored threads, behind an API key.</summary>
public static class ConversationEndpoints
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/v1/conversations").RequireApiKey();
        conversations.MapGet("", ListAsync);
        conversations.MapGet("/by-number/{customerNumber}/messages", ThreadAsync);
        return app;
    }

    /// <summary>Conversations, most recent activity first. Page with <c>before</c> = the last item's <c>lastMessageAt</c>.</summary>
    private static async Task<IResult> ListAsync(
        [FromQuery] string? status, [FromQuery] string? limit, [FromQuery] string? before,
        [FromServices] ConversationStore store, CancellationToken cancellationToken)
    {
        if (!ConversationListQuery.TryParse(status, limit, before, out var query, out var errors))
            return Results.ValidationProblem(errors, title: "The query is not valid");

        var rows = await store.ListConversationsAsync(query.Status, query.Limit, query.Before, cancellationToken);
        return Results.Ok(rows.Select(r => new ConversationSummary(
            r.Id, r.CustomerNumber, r.BusinessNumber, r.Status, r.EscalationReason,
            AsUtc(r.LastMessageAt), r.MessageCount)));
    }

    /// <summary>
    /// A customer's whole thread across our numbers, oldest first. The number is E.164 with its plus URL-encoded:
    /// <c>/v1/conversations/by-number/%2B447700900123/messages</c>.
    /// </summary>
    private static async Task<IResult> ThreadAsync(
        string customerNumber, [FromServices] ConversationStore store, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.IsE164(customerNumber))
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]>
                {
                    ["customerNumber"] = ["Must be an E.164 phone number such as +447700900123, with the plus URL-encoded as %2B."],
                },
                title: "Not a phone number");
        }

        var rows = await store.GetThreadAsync(customerNumber, cancellationToken);
        return Results.Ok(rows.Select(r => new ThreadMessage(
            r.MessageId, r.Direction, r.Text, r.CustomerNumber, r.BusinessNumber, r.Category, r.Origin, r.Status,
            r.StatusDetail, r.ProviderMessageIds, r.Segments, r.Encoding, r.InReplyTo, r.HandledBy, r.Action,
            AsUtc(r.CreatedAt), r.Parts)));
    }

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
