using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Sms.CarrierSimulator.Http;

/// <summary>
/// Reads the JSON body of the simulator's test endpoints itself, so that a wrong content type or broken JSON is
/// answered with a problem that says what is wrong (415 or 400) instead of the framework's bare status.
/// </summary>
public static class JsonBody
{
    /// <summary>The JSON body, or a 400/415 problem that says what is wrong with it.</summary>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest http, CancellationToken cancellationToken)
        where T : class
    {
        if (!http.HasJsonContentType())
            return (null, TypedResults.Problem(title: "Send a JSON body (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType));
        try
        {
            var value = await http.ReadFromJsonAsync<T>(cancellationToken);
            return value is null
                ? (null, TypedResults.Problem(title: "The JSON body is empty.", statusCode: StatusCodes.Status400BadRequest))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, TypedResults.Problem(title: "The body is not valid JSON for this endpoint.", detail: e.Message, statusCode: StatusCodes.Status400BadRequest));
        }
    }
}
