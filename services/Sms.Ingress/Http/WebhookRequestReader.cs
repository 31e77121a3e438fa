using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Sms.Ingress.Validation;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Http;

/// <summary>What could be read from a webhook request: the raw parameters, or why there are none.</summary>
public sealed record WebhookRead(
    IReadOnlyDictionary<string, string>? Parameters, int FailureStatus, string? FailureReason, IReadOnlyList<FieldError> Errors)
{
    public static WebhookRead Ok(IReadOnlyDictionary<string, string> parameters) => new(parameters, 0, null, []);

    public static WebhookRead Fail(int status, string reason, IReadOnlyList<FieldError> errors) => new(null, status, reason, errors);
}

/// <summary>
/// Reads a Vonage webhook the three ways the dashboard can send it: GET with a query string, POST form-urlencoded,
/// POST JSON. Query and body parameters are merged (<see cref="WebhookParameters"/>).
/// </summary>
public static class WebhookRequestReader
{
    /// <summary>Far above any real webhook (a part is at most 160 characters); a larger body is refused unread.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<WebhookRead> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var query = WebhookParameters.Flatten(request.Query);

        var read = await ReadBodyAsync(request, cancellationToken);
        if (read.Bytes is not { } body) return WebhookRead.Fail(read.FailureStatus, read.FailureReason!, read.Errors);

        IEnumerable<KeyValuePair<string, string>> fromBody = [];
        if (body.Length > 0)
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
            if (string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                fromBody = WebhookParameters.Flatten(ReadForm(body));
            }
            else if (mediaType is not null && (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase)
                                               || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                // Bytes that are not UTF-8 are read as U+FFFD rather than refused: the signature then decides.
                var json = WebhookParameters.FromJson(Utf8Body.Repaired(body));
                if (!json.Succeeded) return WebhookRead.Fail(StatusCodes.Status400BadRequest, "invalid_payload", json.Errors);
                fromBody = json.Value!;
            }
            else
            {
                return WebhookRead.Fail(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    [new FieldError(WebhookParameters.RequestField,
                        $"Content type '{request.ContentType}' is not supported: send application/x-www-form-urlencoded or application/json.")]);
            }
        }

        var merged = WebhookParameters.Merge(query, fromBody);
        return merged.Succeeded
            ? WebhookRead.Ok(merged.Value!)
            : WebhookRead.Fail(StatusCodes.Status400BadRequest, "invalid_payload", merged.Errors);
    }

    /// <summary>
    /// A form body's fields. The form reader's own limits (2,048 characters a value, 1,024 values) are below what a body
    /// of <see cref="MaxBodyBytes"/> can hold and would throw: the body's size is the limit.
    /// </summary>
    public static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> ReadForm(byte[] body) =>
        new FormReader(Encoding.UTF8.GetString(body)) { KeyLengthLimit = MaxBodyBytes, ValueLengthLimit = MaxBodyBytes, ValueCountLimit = MaxBodyBytes }
            .ReadForm();

    /// <summary>
    /// The whole body; or a 413 when it is larger than <see cref="MaxBodyBytes"/>, or a 400 when it cannot be read whole
    /// (it ended before its Content-Length, or its chunks are malformed): the caller's fault, answered as such, never
    /// an exception for the error handler. Either way, what was read (at most <see cref="MaxBodyBytes"/>) is left in
    /// <see cref="HttpContext.Items"/> for a refusal to keep (<see cref="RawBodyOf"/>).
    /// </summary>
    public static Task<BodyRead> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken) =>
        ReadBodyAsync(request, MaxBodyBytes, cancellationToken);

    /// <inheritdoc cref="ReadBodyAsync(HttpRequest, CancellationToken)"/>
    public static async Task<BodyRead> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        var tooLarge = request.ContentLength > maxBytes;
        string? unreadable = null;
        try
        {
            // Even a body announced too large is read up to the limit: a refusal keeps what was read for inspection.
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                var room = maxBytes - (int)buffer.Length;
                buffer.Write(chunk, 0, Math.Min(read, room));
                if (read > room)
                {
                    tooLarge = true;
                    break;
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            unreadable = e.Message;
        }
        catch (IOException)
        {
            unreadable = "The connection ended before the whole body arrived.";
        }
        var body = buffer.ToArray();
        request.HttpContext.Items[RawBodyItem] = new RawBody(body, tooLarge || unreadable is not null);
        if (tooLarge) return BodyRead.Fail(StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The body is larger than {maxBytes} bytes.");
        if (unreadable is not null)
            return BodyRead.Fail(StatusCodes.Status400BadRequest, "body_unreadable", $"The body could not be read whole: {unreadable}");
        return new BodyRead(body);
    }

    /// <summary>The body <see cref="ReadBodyAsync"/> read from this request, or an empty one if it read none.</summary>
    public static RawBody RawBodyOf(HttpContext context) =>
        context.Items.TryGetValue(RawBodyItem, out var body) && body is RawBody raw ? raw : new RawBody([], false);

    private const string RawBodyItem = "Sms.Ingress.RawBody";
}

/// <summary>The bytes of a request body as read, and whether there was more than was kept.</summary>
public sealed record RawBody(byte[] Bytes, bool Truncated);

/// <summary>A request body read whole (<see cref="Bytes"/>), or the 4xx that refuses it.</summary>
public sealed record BodyRead(byte[]? Bytes, int FailureStatus = 0, string? FailureReason = null, string? FailureDetail = null)
{
    public IReadOnlyList<FieldError> Errors => FailureDetail is null ? [] : [new FieldError(WebhookParameters.RequestField, FailureDetail)];

    public static BodyRead Fail(int status, string reason, string detail) => new(null, status, reason, detail);
}

/// <summary>A body as UTF-8 a JSON reader accepts. Pure.</summary>
public static class Utf8Body
{
    /// <summary>
    /// The same bytes when they are UTF-8; else decoded with U+FFFD for each invalid sequence and encoded again, so a
    /// carrier's message with a broken byte is read (and its text kept) rather than refused or failed with a 500.
    /// </summary>
    public static byte[] Repaired(byte[] body) =>
        System.Text.Unicode.Utf8.IsValid(body) ? body : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body));
}
