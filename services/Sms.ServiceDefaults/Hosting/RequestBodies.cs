using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Sms.ServiceDefaults.Hosting;

/// <summary>
/// Reads a request's body within a size limit, after the API key was checked (the endpoints bind no body themselves):
/// a body too large is a 413, one that cannot be read whole (the caller stopped sending, a broken chunk) or is not
/// the JSON expected is a 400 that names where, never a 500. Every refusal is a problem document
/// (<see cref="ProblemHttpResult"/>), so an endpoint answers it as one more of its typed results.
/// </summary>
public static class RequestBodies
{
    /// <summary>The body's bytes, or the answer that refuses it.</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Refusal)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) return (null, TooLarge(maxBytes));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, Unreadable(e.Message));
        }
        catch (IOException)
        {
            return (null, Unreadable("The connection ended before the whole body arrived."));
        }
        return (buffer.ToArray(), null);
    }

    /// <summary>
    /// The JSON body as <typeparamref name="T"/>, or the answer that refuses it, naming the field the JSON went wrong at
    /// (a value no enum member has, a date that is not one), so a caller learns which field to fix.
    /// </summary>
    public static async Task<(T? Value, ProblemHttpResult? Refusal)> ReadJsonAsync<T>(
        HttpRequest request, JsonSerializerOptions json, int maxBytes, CancellationToken cancellationToken) where T : class
    {
        var (body, refusal) = await ReadAsync(request, maxBytes, cancellationToken);
        if (refusal is not null) return (null, refusal);
        try
        {
            var value = body!.Length == 0 ? null : JsonSerializer.Deserialize<T>(body, json);
            return value is null ? (null, Invalid("request", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "request" : e.Path.TrimStart('$', '.');
            return (null, Invalid(field, e.InnerException switch
            {
                // A value out of its type's range, e.g. a time whose offset takes it past year 9999.
                ArgumentOutOfRangeException or FormatException or OverflowException => "Not a value this field can hold.",
                InvalidOperationException { Message: var message } when message.Contains("surrogate", StringComparison.OrdinalIgnoreCase) =>
                    "Contains an unpaired surrogate (an escaped \\uD800–\\uDFFF without its other half): not valid Unicode.",
                _ => e.LineNumber is { } line
                    ? $"Not valid JSON for this field, or not JSON at all (line {line + 1}, position {e.BytePositionInLine + 1})."
                    : "The body is not valid JSON.",
            }));
        }
    }

    /// <summary>A 400 validation problem (as <c>Results.ValidationProblem</c> writes it) naming the field.</summary>
    private static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] }) { Title = "Request body not valid" });

    private static ProblemHttpResult Unreadable(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body could not be read", detail: detail);

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"At most {maxBytes} bytes per request.");
}
