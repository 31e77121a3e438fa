using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using MassTransit;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Conversations.Agents;
using Sms.Conversations.Csat;
using Sms.Conversations.Data;
using Sms.Conversations.Threads;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>The agent inbox's API: conversations, threads, replies, actions, contacts and canned responses.</summary>
public static class InboxEndpoints
{
    /// <summary>Optional request header: the same key sends the same reply once, however often the call is retried.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapInboxEndpoints(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/v1/conversations").WithTags("Conversations")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        conversations.MapGet("", ListAsync).RequireScope(ApiScopes.InboxRead).Produces<ConversationPage>().ProducesValidationProblem()
            .WithSummary("Conversations, newest activity first, filtered by status, assignee (a user name or 'none'), team, label, flagged, and q (part of a number, a name or a message's text). Page with before = nextBefore.");
        conversations.MapGet("/{id:guid}", DetailAsync).RequireScope(ApiScopes.InboxRead).Produces<ConversationDetail>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A conversation with its contact and the sessions (prompts) sent in it, newest first.");
        conversations.MapGet("/{id:guid}/messages", ThreadAsync).RequireScope(ApiScopes.InboxRead).Produces<ThreadPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A page of the thread, oldest to newest, each message with its delivery status timeline. Page to older messages with before = nextBefore.");
        conversations.MapPost("/{id:guid}/replies", ReplyAsync).RequireScope(ApiScopes.InboxWrite)
            .Produces<ReplyAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sends an agent's reply (through Compliance like every send): 202 with its message id; it shows as pending until decided.");
        conversations.MapPost("/{id:guid}/assign", AssignAsync).RequireScope(ApiScopes.InboxWrite).ProducesAction().ProducesValidationProblem()
            .WithSummary("Gives the conversation to people: to an agent, or (assignee null) to its team's queue, or another team's (team). The automation then sends the customer nothing of its own.");
        conversations.MapPost("/{id:guid}/resolve", (Guid id, ConversationHandoff handoff, InboxQueries queries, CancellationToken ct) => ActAsync(id, queries, handoff.ResolveAsync(id, ct), ct))
            .RequireScope(ApiScopes.InboxWrite)
            .ProducesAction()
            .WithSummary("Resolves it: the automation answers the customer again; the customer's next message opens it again. With Inbox:Csat:Enabled, the customer is asked to rate it (1-5).");
        conversations.MapPost("/{id:guid}/reopen", (Guid id, ConversationHandoff handoff, InboxQueries queries, CancellationToken ct) => ActAsync(id, queries, handoff.ReopenAsync(id, ct), ct))
            .RequireScope(ApiScopes.InboxWrite)
            .ProducesAction()
            .WithSummary("Opens a resolved conversation again, owned by people (its team and agent).");
        conversations.MapPost("/{id:guid}/return-to-automation", (Guid id, ConversationHandoff handoff, InboxQueries queries, CancellationToken ct) => ActAsync(id, queries, handoff.ReturnToAutomationAsync(id, ct), ct))
            .RequireScope(ApiScopes.InboxWrite)
            .ProducesAction()
            .WithSummary("Gives it back to the automation without resolving it: no agent, and the automation answers the customer again.");
        conversations.MapPost("/{id:guid}/flag", FlagAsync).RequireScope(ApiScopes.InboxWrite).ProducesAction().ProducesValidationProblem().WithSummary("Flags or unflags it.");
        conversations.MapPost("/{id:guid}/labels", LabelsAsync).RequireScope(ApiScopes.InboxWrite).ProducesAction().ProducesValidationProblem().WithSummary("Adds and removes labels.");
        conversations.MapPost("/{id:guid}/read", ReadAsync).RequireScope(ApiScopes.InboxWrite).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Marks every message read (unreadCount 0, for everyone).");
        conversations.MapGet("/by-number/{customerNumber}/messages", ByNumberAsync).RequireScope(ApiScopes.InboxRead).Produces<IReadOnlyList<ThreadMessage>>().ProducesValidationProblem()
            .WithSummary("A customer's whole thread across our numbers, oldest first (number E.164, the plus encoded as %2B).");

        var contacts = app.MapGroup("/v1/contacts").WithTags("Contacts")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        contacts.MapPost("/{number}/opt-out", OptOutAsync).RequireScope(ApiScopes.InboxWrite).Produces<OptOutAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem().WithSummary("Asks Compliance to opt the number out (RecordOptOut); 202.");
        contacts.MapPut("/{number}", UpdateContactAsync).RequireScope(ApiScopes.InboxWrite).Produces<Contact>().ProducesValidationProblem().WithSummary("Sets the contact's name and/or attributes.");

        var canned = app.MapGroup("/v1/canned-responses").WithTags("Canned responses")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        canned.MapGet("", ListCannedAsync).RequireScope(ApiScopes.InboxRead).Produces<IReadOnlyList<CannedResponse>>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Canned responses; with conversationId, filledText has {first_name}, {last_name}, {name}, {business_number}, {customer_number} and contact attributes filled, and missingPlaceholders lists those left as they are.");
        canned.MapPost("", CreateCannedAsync).RequireScope(ApiScopes.InboxWrite).Produces<CannedResponse>(StatusCodes.Status201Created).ProducesValidationProblem().WithSummary("Creates a canned response.");
        canned.MapPut("/{id:guid}", UpdateCannedAsync).RequireScope(ApiScopes.InboxWrite).Produces<CannedResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Changes a canned response.");
        canned.MapDelete("/{id:guid}", DeleteCannedAsync).RequireScope(ApiScopes.InboxWrite).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Deletes a canned response.");
        return app;
    }

    /// <summary>What a conversation action answers: the changed summary, or 404.</summary>
    private static RouteHandlerBuilder ProducesAction(this RouteHandlerBuilder builder) =>
        builder.Produces<ConversationSummary>().ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<ConversationPage>, ValidationProblem>> ListAsync(
        [FromQuery] string? status, [FromQuery] string? assignee, [FromQuery] string? label, [FromQuery] string? flagged,
        [FromQuery] string? q, [FromQuery] string? limit, [FromQuery] string? before, [FromQuery] string? team,
        [FromServices] InboxQueries queries, CancellationToken cancellationToken)
    {
        if (!ConversationListQuery.TryParse(status, assignee, label, flagged, q, limit, before, team, out var query, out var errors))
            return TypedResults.ValidationProblem(errors, title: "The query is not valid");
        var rows = await queries.ListConversationsAsync(query, cancellationToken);
        var next = rows.Count == query.Limit ? PageCursor.Of(rows[^1].LastMessageAt, rows[^1].Id).ToString() : null;
        return TypedResults.Ok(new ConversationPage(rows.Select(Summary).ToList(), next));
    }

    private static async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> DetailAsync(Guid id, [FromServices] InboxQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.GetConversationAsync(id, cancellationToken) is not { } row)
            return NotFound();
        var contact = await queries.GetContactAsync(row.CustomerNumber, cancellationToken);
        var prompts = await queries.GetPromptsAsync(id, cancellationToken);
        return TypedResults.Ok(new ConversationDetail(Summary(row), ContactOf(contact),
            prompts.Select(p => new SessionContext(p.PromptMessageId, p.SessionType, p.CampaignId,
                JsonElementOf(p.Options), JsonElementOf(p.Context), AsUtc(p.SentAt))).ToList()));
    }

    private static async Task<Results<Ok<ThreadPage>, ValidationProblem, ProblemHttpResult>> ThreadAsync(
        Guid id, [FromQuery] string? limit, [FromQuery] string? before, [FromServices] InboxQueries queries, CancellationToken cancellationToken)
    {
        if (!ThreadQueryValidator.TryParse(limit, before, out var query, out var errors))
            return TypedResults.ValidationProblem(errors, title: "The query is not valid");
        if (await queries.GetConversationAsync(id, cancellationToken) is null)
            return NotFound();

        var (messages, hasMore) = await queries.GetConversationThreadAsync(id, query.Limit, query.Cursor, cancellationToken);
        var next = hasMore && messages.Count > 0 ? PageCursor.Of(messages[0].CreatedAt, messages[0].Seq).ToString() : null;
        return TypedResults.Ok(new ThreadPage(messages.Select(Message).ToList(), next));
    }

    private static async Task<Results<Accepted<ReplyAccepted>, ValidationProblem, ProblemHttpResult>> ReplyAsync(
        Guid id, [FromBody] ReplyRequest? request, HttpContext context, ClaimsPrincipal user,
        [FromServices] InboxQueries queries, [FromServices] AgentActions actions, [FromServices] TimeProvider time,
        [FromServices] Attachments.PictureReplies pictures, CancellationToken cancellationToken)
    {
        var idempotencyKey = IdempotencyKey(context);
        var errors = ReplyRequestValidator.Validate(request, idempotencyKey);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The reply is not valid");
        if (await queries.GetConversationAsync(id, cancellationToken) is not { } conversation)
            return NotFound();

        var messageId = idempotencyKey.Length > 0
            ? MessageIds.Derive(id, $"agent-reply:{idempotencyKey}")
            : Guid.NewGuid();
        OutboundMedia? media = null;
        if (request!.AttachmentId is { } attachmentId)
        {
            var picture = await pictures.MediaForAsync(attachmentId, conversation.BusinessNumber, messageId, cancellationToken);
            if (picture.Problem is { } problem)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["attachmentId"] = [problem] }, title: "The picture cannot be sent");
            media = picture.Media;
        }

        var send = new SendSms
        {
            MessageId = messageId,
            To = conversation.CustomerNumber,
            From = conversation.BusinessNumber,
            Text = request.Text?.Trim() ?? "",
            Category = SmsCategory.Conversational,
            Origin = SmsOrigin.Agent,
            InReplyTo = await queries.LastInboundAsync(id, cancellationToken),
            RequestedAt = time.GetUtcNow(),
            Media = media,
        };
        // Stored with the reply and published by the outbox: durable whether or not the broker answers now.
        await actions.RecordPendingReplyAsync(id, send, user.UserName(), send.RequestedAt, cancellationToken);
        return TypedResults.Accepted($"/v1/conversations/{id}/messages", new ReplyAccepted(send.MessageId));
    }

    private static async Task<Results<Ok<ConversationSummary>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        Guid id, [FromBody] AssignRequest? request, [FromServices] ConversationHandoff handoff, [FromServices] InboxQueries queries, CancellationToken cancellationToken)
    {
        var errors = AssignRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The assignee is not valid");
        var assignee = string.IsNullOrWhiteSpace(request?.Assignee) ? null : request.Assignee.Trim().ToLowerInvariant();
        var team = string.IsNullOrWhiteSpace(request?.Team) ? null : request.Team.Trim();
        var outcome = await handoff.AssignAsync(id, assignee, team, cancellationToken);
        if (outcome == ActionOutcome.UnknownAgent)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["assignee"] = [$"No enabled agent is called '{assignee}' (a disabled agent takes no conversation)."] }, title: "Unknown agent");
        }
        if (outcome == ActionOutcome.UnknownTeam)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["team"] = [$"No team is called '{team}'."] }, title: "Unknown team");
        }
        return Widen(await ActAsync(id, queries, Task.FromResult(outcome), cancellationToken));
    }

    private static async Task<Results<Ok<ConversationSummary>, ValidationProblem, ProblemHttpResult>> FlagAsync(
        Guid id, [FromBody] FlagRequest? request, [FromServices] AgentActions actions, [FromServices] InboxQueries queries, CancellationToken cancellationToken)
    {
        var errors = FlagRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The flag is not valid");
        return Widen(await ActAsync(id, queries, actions.FlagAsync(id, request!.Flagged!.Value, cancellationToken), cancellationToken));
    }

    private static async Task<Results<Ok<ConversationSummary>, ValidationProblem, ProblemHttpResult>> LabelsAsync(
        Guid id, [FromBody] LabelsRequest? request, [FromServices] AgentActions actions, [FromServices] InboxQueries queries, CancellationToken cancellationToken)
    {
        var errors = LabelsRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The labels are not valid");
        return Widen(await ActAsync(id, queries, actions.ChangeLabelsAsync(id, request!.Add ?? [], request.Remove ?? [], cancellationToken), cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReadAsync(Guid id, [FromServices] AgentActions actions, CancellationToken cancellationToken) =>
        await actions.MarkReadAsync(id, cancellationToken) == ActionOutcome.Done ? TypedResults.NoContent() : NotFound();

    /// <summary>An action's answer, for an endpoint that may also answer 400.</summary>
    private static Results<Ok<ConversationSummary>, ValidationProblem, ProblemHttpResult> Widen(Results<Ok<ConversationSummary>, ProblemHttpResult> result) =>
        result.Result switch
        {
            Ok<ConversationSummary> ok => ok,
            ProblemHttpResult problem => problem,
            _ => throw new UnreachableException(),
        };

    private static async Task<Results<Ok<ConversationSummary>, ProblemHttpResult>> ActAsync(Guid id, InboxQueries queries, Task<ActionOutcome> action, CancellationToken cancellationToken)
    {
        if (await action != ActionOutcome.Done)
            return NotFound();
        return TypedResults.Ok(Summary((await queries.GetConversationAsync(id, cancellationToken))!));
    }

    private static async Task<Results<Ok<List<ThreadMessage>>, ValidationProblem>> ByNumberAsync(
        string customerNumber, [FromServices] InboxQueries queries, CancellationToken cancellationToken)
    {
        if (PhoneNumberParameterValidator.Validate("customerNumber", customerNumber) is { Count: > 0 } notANumber)
            return TypedResults.ValidationProblem(notANumber, title: PhoneNumberParameterValidator.Title);
        var rows = await queries.GetThreadAsync(customerNumber, cancellationToken);
        return TypedResults.Ok(rows.Select(Message).ToList());
    }

    private static async Task<Results<Accepted<OptOutAccepted>, ValidationProblem>> OptOutAsync(
        string number, [FromBody] OptOutRequest? request, ClaimsPrincipal user, HttpContext context,
        [FromServices] IPublishEndpoint bus, [FromServices] BusActivity activity, [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (PhoneNumberParameterValidator.Validate("number", number) is { Count: > 0 } notANumber)
            return TypedResults.ValidationProblem(notANumber, title: PhoneNumberParameterValidator.Title);
        var idempotencyKey = IdempotencyKey(context);
        var errors = OptOutRequestValidator.Validate(request, idempotencyKey);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The opt-out is not valid");
        var command = new RecordOptOut
        {
            RequestId = idempotencyKey.Length > 0
                ? MessageIds.Derive(Guid.Empty, $"agent-opt-out:{number}:{idempotencyKey}")
                : Guid.NewGuid(),
            Number = number,
            BusinessNumber = request?.BusinessNumber,
            RequestedBy = user.UserName(),
            Reason = request?.Reason,
            RequestedAt = time.GetUtcNow(),
            Purposes = request?.MarketingOnly == true ? [ConsentPurpose.Marketing] : null,
        };
        await activity.TrackPublishAsync(bus, command, cancellationToken);
        return TypedResults.Accepted((string?)null, new OptOutAccepted(command.RequestId));
    }

    private static async Task<Results<Ok<Contact>, ValidationProblem>> UpdateContactAsync(
        string number, [FromBody] ContactUpdateRequest? request, [FromServices] AgentActions actions, CancellationToken cancellationToken)
    {
        if (PhoneNumberParameterValidator.Validate("number", number) is { Count: > 0 } notANumber)
            return TypedResults.ValidationProblem(notANumber, title: PhoneNumberParameterValidator.Title);
        var errors = ContactUpdateRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The contact is not valid");
        var contact = await actions.UpdateContactAsync(number, request!.Name?.Trim(), request.Attributes?.GetRawText(), cancellationToken);
        return TypedResults.Ok(ContactOf(contact));
    }

    private static async Task<Results<Ok<List<CannedResponse>>, ProblemHttpResult>> ListCannedAsync(
        [FromQuery] Guid? conversationId, [FromServices] CannedResponseStore canned, [FromServices] InboxQueries queries,
        CancellationToken cancellationToken)
    {
        Dictionary<string, string>? values = null;
        if (conversationId is { } id)
        {
            if (await queries.GetConversationAsync(id, cancellationToken) is not { } conversation)
                return NotFound();
            var contact = await queries.GetContactAsync(conversation.CustomerNumber, cancellationToken);
            values = CannedResponseFiller.ValuesOf(contact.Name, conversation.CustomerNumber, conversation.BusinessNumber,
                CannedResponseFiller.AttributeValues(contact.Attributes));
        }
        var responses = await canned.ListAsync(cancellationToken);
        return TypedResults.Ok(responses.Select(r =>
        {
            var filled = values is null
                ? new FilledText(r.Text, CannedResponseFiller.PlaceholdersOf(r.Text))
                : CannedResponseFiller.Fill(r.Text, values);
            return new CannedResponse(r.Id, r.Title, r.Text, filled.Text, filled.MissingPlaceholders);
        }).ToList());
    }

    private static async Task<Results<Created<CannedResponse>, ValidationProblem>> CreateCannedAsync(
        [FromBody] CannedResponseRequest? request, ClaimsPrincipal user, [FromServices] CannedResponseStore canned, CancellationToken cancellationToken)
    {
        var errors = CannedResponseRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The canned response is not valid");
        var row = await canned.CreateAsync(request!.Title!.Trim(), request.Text!, user.UserName(), cancellationToken);
        return TypedResults.Created($"/v1/canned-responses/{row.Id}",
            new CannedResponse(row.Id, row.Title, row.Text, row.Text, CannedResponseFiller.PlaceholdersOf(row.Text)));
    }

    private static async Task<Results<Ok<CannedResponse>, ValidationProblem, ProblemHttpResult>> UpdateCannedAsync(
        Guid id, [FromBody] CannedResponseRequest? request, [FromServices] CannedResponseStore canned, CancellationToken cancellationToken)
    {
        var errors = CannedResponseRequestValidator.Validate(request);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The canned response is not valid");
        return await canned.UpdateAsync(id, request!.Title!.Trim(), request.Text!, cancellationToken) is { } row
            ? TypedResults.Ok(new CannedResponse(row.Id, row.Title, row.Text, row.Text, CannedResponseFiller.PlaceholdersOf(row.Text)))
            : NotFound();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteCannedAsync(Guid id, [FromServices] CannedResponseStore canned, CancellationToken cancellationToken) =>
        await canned.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound();

    internal static ConversationSummary Summary(ConversationRow r) => new(
        r.Id, r.CustomerNumber, r.BusinessNumber, r.Status, r.EscalationReason, AsUtc(r.LastMessageAt), r.MessageCount,
        r.ContactName, r.Assignee, r.Flagged, r.Labels, r.UnreadCount, Preview(r.LastMessagePreview), r.EscalationPriority,
        r.WaitingSince is { } since ? AsUtc(since) : null, r.Owner, r.Team, r.RoutedBy, r.WaitingBusinessSeconds,
        r is { CsatScore: { } score, CsatAnsweredAt: { } answeredAt } ? new CsatScore(score, AsUtc(answeredAt)) : null);

    internal static ThreadMessage Message(MessageRow r) => new(
        r.MessageId, r.Direction, r.Text, r.CustomerNumber, r.BusinessNumber, r.Category, r.Origin, r.Status,
        r.StatusDetail, r.ProviderMessageIds, r.Segments, r.Encoding, r.InReplyTo, r.HandledBy, r.Action,
        AsUtc(r.CreatedAt), r.Parts,
        r.Timeline?.Select(s => new StatusStep(s.Status, s.At, s.Detail)).ToList(),
        r.SentBy, r.ConversationId,
        r.Attachments.Count == 0 ? null : r.Attachments.Select(Attachment).ToList());

    internal static ThreadAttachment Attachment(AttachmentRow a) => new(
        a.Id, a.Status, a.ContentType, a.FileName, a.SizeBytes,
        a.Status == "stored" ? Attachments.AttachmentUrls.InboxPath(a.Id) : null,
        a.ContentType is { } type && Attachments.MediaCheck.IsImage(type));

    internal static Contact ContactOf(ContactRow c) => new(
        c.Number, c.Name, JsonElementOf(c.Attributes), c.Labels, c.EngagementScore,
        new Consent(c.ConsentState, c.ConsentScope, c.ConsentChangedAt is { } at ? AsUtc(at) : null, c.ConsentSource),
        [.. c.Consents.Select(k => new ContactConsent(k.Scope, k.Purpose, k.State, k.Source, k.Rule, AsUtc(k.ChangedAt)))]);

    /// <summary>At most 140 characters of the last message, for the list.</summary>
    private static string? Preview(string? text) => text is { Length: > 140 } ? text[..139] + "…" : text;

    private static JsonElement JsonElementOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The request's <see cref="IdempotencyKeyHeader"/> ("" when absent; checked by the request's validator).</summary>
    private static string IdempotencyKey(HttpContext context) => context.Request.Headers[IdempotencyKeyHeader].ToString();

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such conversation or item");

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
