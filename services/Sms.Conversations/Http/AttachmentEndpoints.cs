using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sms.Conversations.Attachments;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary>
/// Pictures and files of messages (README, "Pictures and files (MMS)"): served to the inbox, uploaded by agents, and
/// served to a carrier through a signed, expiring URL. Every answer with content names its stored type, says how to
/// show it (<c>Content-Disposition</c>: inline for pictures, a download otherwise) and forbids type sniffing
/// (<c>X-Content-Type-Options: nosniff</c>), so a browser never runs what a customer sent.
/// </summary>
public static class AttachmentEndpoints
{
    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var attachments = app.MapGroup("/v1/attachments").WithTags("Attachments");
        attachments.MapGet("/{id:guid}", GetAsync).RequireScope(ApiScopes.InboxRead)
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("A message's picture or file, with its stored content type.");
        attachments.MapGet("/{id:guid}/public", GetPublicAsync).AllowAnonymous()
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An agent's picture for the carrier that sends it: only with a valid, unexpired signature (expires, signature).");
        app.MapPost("/v1/conversations/{id:guid}/attachments", UploadAsync).RequireScope(ApiScopes.InboxWrite).WithTags("Conversations")
            .Produces<AttachmentUploaded>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Uploads a picture (the raw body, its type in Content-Type) to send with a reply (attachmentId).");
        return app;
    }

    private static async Task<IResult> GetAsync(Guid id, [FromServices] AttachmentStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { Status: "stored", Content: { } content, ContentType: { } type } attachment
            ? Content(content, type, attachment.FileName)
            : NotFound();

    private static async Task<IResult> GetPublicAsync(
        Guid id, [FromQuery] string? expires, [FromQuery] string? signature, [FromServices] AttachmentStore store,
        [FromServices] IOptions<AttachmentOptions> options, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        var key = options.Value.UrlSigningKey;
        if (string.IsNullOrEmpty(key) || !AttachmentUrls.Verify(key, id, expires, signature, time.GetUtcNow()))
            return NotFound();
        // Only an agent's picture is ever offered to a carrier; a customer's media stays behind the inbox's sign-in.
        return await store.GetAsync(id, cancellationToken) is { Direction: "outbound", Status: "stored", Content: { } content, ContentType: { } type } attachment
            ? Content(content, type, attachment.FileName)
            : NotFound();
    }

    private static async Task<Results<Created<AttachmentUploaded>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, [FromServices] InboxQueries queries, [FromServices] AttachmentStore store,
        [FromServices] IOptions<AttachmentOptions> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (await queries.GetConversationAsync(id, cancellationToken) is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such conversation or item");
        if (request.ContentLength > settings.MaxBytes)
            return Invalid($"The picture is larger than {settings.MaxBytes} bytes.");

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > settings.MaxBytes) return Invalid($"The picture is larger than {settings.MaxBytes} bytes.");
        }
        var content = buffer.ToArray();
        var verdict = MediaCheck.Check(request.ContentType, content, settings.MaxBytes, MediaCheck.SendableImages);
        if (!verdict.Accepted)
            return Invalid($"Only a JPEG, PNG or GIF picture can be sent: {verdict.Reason}.");

        var attachmentId = await store.UploadAsync(verdict.ContentType!, content, user.UserName(), cancellationToken);
        return TypedResults.Created(AttachmentUrls.InboxPath(attachmentId),
            new AttachmentUploaded(attachmentId, verdict.ContentType!, content.Length, AttachmentUrls.InboxPath(attachmentId)));
    }

    private static ValidationProblem Invalid(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [message] }, title: "The picture cannot be sent");

    /// <summary>The content as stored: its type, inline for a picture and a download otherwise, never sniffed.</summary>
    private static IResult Content(byte[] content, string contentType, string? fileName) =>
        new AttachmentResult(content, contentType, fileName ?? "attachment");

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such attachment");

    private sealed class AttachmentResult(byte[] content, string contentType, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = contentType;
            response.ContentLength = content.Length;
            response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue(MediaCheck.IsImage(contentType) ? "inline" : "attachment")
            {
                FileNameStar = fileName,
                FileName = fileName,
            }.ToString();
            response.Headers[HeaderNames.CacheControl] = "private, max-age=86400";
            await response.Body.WriteAsync(content, httpContext.RequestAborted);
        }
    }
}
