using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Sms.Outbound.Tests.Contract;

/// <summary>One request as it went to Prism, and Prism's answer.</summary>
public sealed record PrismExchange(
    string Path, IReadOnlyDictionary<string, string> Form, HttpStatusCode Status, string? ViolationsHeader, string Body)
{
    /// <summary>The request's <c>Authorization</c> header as sent, when it had one.</summary>
    public string? Authorization { get; init; }

    /// <summary>
    /// Every violation Prism found in the request: the 422 problem's <c>validation</c> list, and the entries of the
    /// <c>sl-violations</c> header not about the response (Prism's own example answer). A 401 (the spec's security
    /// not met) or 404 (no such path) counts as one too.
    /// </summary>
    public IReadOnlyList<string> RequestViolations
    {
        get
        {
            var found = new List<string>();
            if (Status == HttpStatusCode.Unauthorized) found.Add("security: the spec's authentication is missing (HTTP 401)");
            if (Status == HttpStatusCode.NotFound) found.Add($"path: {Path} is not in the spec (HTTP 404)");
            if (ViolationsHeader is not null) found.AddRange(Describe(ViolationsHeader).Where(v => !v.StartsWith("response", StringComparison.Ordinal)));
            if (Status == HttpStatusCode.UnprocessableEntity)
            {
                using var problem = JsonDocument.Parse(Body);
                if (problem.RootElement.TryGetProperty("validation", out var validation))
                    found.AddRange(Describe(validation.GetRawText()));
                else
                    found.Add($"HTTP 422 without a validation list: {Body}");
            }
            return found;
        }
    }

    private static IEnumerable<string> Describe(string violationsJson)
    {
        using var violations = JsonDocument.Parse(violationsJson);
        return violations.RootElement.EnumerateArray()
            .Select(v => $"{string.Join('.', v.GetProperty("location").EnumerateArray().Select(l => l.ToString()))}: " +
                         $"{v.GetProperty("severity").GetString()} {v.GetProperty("message").GetString()}")
            .ToList();
    }

    public override string ToString() =>
        $"POST {Path} {(Authorization is null ? "" : "(Authorization: ***) ")}" +
        $"{string.Join('&', Form.Select(f => $"{f.Key}={(f.Key == "api_secret" ? "***" : f.Value)}"))} -> {(int)Status} {Body}";
}

/// <summary>
/// A handler in the carrier client's HTTP pipeline that records each exchange with Prism as it went over the wire.
/// </summary>
public sealed class RecordingHandler(ConcurrentQueue<PrismExchange> exchanges) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = request.Content is null
            ? new Dictionary<string, string>()
            : ParseForm(await request.Content.ReadAsStringAsync(cancellationToken));

        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var violations = response.Headers.TryGetValues("sl-violations", out var values) ? string.Join(",", values) : null;
        exchanges.Enqueue(new PrismExchange(request.RequestUri!.AbsolutePath, form, response.StatusCode, violations, body)
        {
            Authorization = request.Headers.Authorization?.ToString(),
        });
        return response;
    }

    private static Dictionary<string, string> ParseForm(string body) => body
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => p.Length > 1 ? WebUtility.UrlDecode(p[1]) : "");
}

/// <summary>
/// The spec's server path, which Prism leaves out of its routes: the 1.0.10 spec's server is
/// <c>https://rest.nexmo.com/sms</c> with the path <c>/{format}</c>, so the <c>/sms/json</c> the client calls (the same
/// URL at Vonage) is <c>/json</c> on Prism.
/// </summary>
public sealed class ServerBasePathHandler(string serverBasePath) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (serverBasePath.Length > 0 && uri.AbsolutePath.StartsWith(serverBasePath + "/", StringComparison.Ordinal))
            request.RequestUri = new UriBuilder(uri) { Path = uri.AbsolutePath[serverBasePath.Length..] }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
