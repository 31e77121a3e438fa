using System.Text.Json;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Testing;

/// <summary>
/// Reads a service's OpenAPI document (<see cref="ApiDocument.Path"/>) as a caller would, to check that it says what
/// every endpoint answers: an endpoint whose handler returns an untyped result shows up with a success answer only.
/// </summary>
public static class ApiDocumentCheck
{
    /// <summary>Each operation of the document (<c>"POST /v1/messages"</c>) with the status codes it declares.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> OperationsAsync(HttpClient client)
    {
        using var response = await client.GetAsync(ApiDocument.Path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{ApiDocument.Path} answered {(int)response.StatusCode}: {body}");

        using var document = JsonDocument.Parse(body);
        var operations = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var statuses = operation.Value.TryGetProperty("responses", out var responses)
                    ? responses.EnumerateObject().Select(r => r.Name).ToList()
                    : [];
                operations[$"{operation.Name.ToUpperInvariant()} {path.Name}"] = statuses;
            }
        }
        return operations;
    }

    /// <summary>The operations that declare no answer other than a success (2xx): what their callers cannot learn from the document.</summary>
    public static async Task<IReadOnlyList<string>> SuccessOnlyOperationsAsync(HttpClient client) =>
        (await OperationsAsync(client))
            .Where(o => o.Value.All(status => status.StartsWith('2')))
            .Select(o => $"{o.Key} ({string.Join(", ", o.Value)})")
            .ToList();
}
