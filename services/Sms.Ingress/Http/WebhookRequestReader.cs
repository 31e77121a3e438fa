using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Sms.Ingress.Validation;
using Sms.Ingress.Vonage;

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

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return WebhookRead.Fail(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
                [new FieldError(WebhookParameters.RequestField, $"The body is larger than {MaxBodyBytes} bytes.")]);
        }

        IEnumerable<KeyValuePair<string, string>> fromBody = [];
        if (body.Length > 0)
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
            if (string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                fromBody = WebhookParameters.Flatten(new FormReader(Encoding.UTF8.GetString(body)).ReadForm());
            }
            else if (mediaType is not null && (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase)
                                               || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
            {
                var json = WebhookParameters.FromJson(body);
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
    /// The whole body, or null when it is larger than <see cref="MaxBodyBytes"/>. Either way, what was read (at most
    /// <see cref="MaxBodyBytes"/>) is left in <see cref="HttpContext.Items"/> for a refusal to keep (<see cref="RawBodyOf"/>).
    /// </summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        var tooLarge = request.ContentLength > MaxBodyBytes;
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            var room = MaxBodyBytes - (int)buffer.Length;
            buffer.Write(chunk, 0, Math.Min(read, room));
            if (read > room)
            {
                tooLarge = true;
                break;
            }
        }
        var body = buffer.ToArray();
        request.HttpContext.Items[RawBodyItem] = new RawBody(body, tooLarge);
        return tooLarge ? null : body;
    }

    /// <summary>The body <see cref="ReadBodyAsync"/> read from this request, or an empty one if it read none.</summary>
    internal static RawBody RawBodyOf(HttpContext context) =>
        context.Items.TryGetValue(RawBodyItem, out var body) && body is RawBody raw ? raw : new RawBody([], false);

    private const string RawBodyItem = "Sms.Ingress.RawBody";
}

/// <summary>The bytes of a request body as read, and whether there was more than was kept.</summary>
internal sealed record RawBody(byte[] Bytes, bool Truncated);
