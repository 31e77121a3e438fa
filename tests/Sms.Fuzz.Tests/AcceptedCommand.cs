using System.Text.RegularExpressions;
using Sms.Fuzz.Tests.Endpoints;
using Sms.Fuzz.Tests.Http;

namespace Sms.Fuzz.Tests;

/// <summary>
/// A command an endpoint accepted with 202, which must then happen: a send (<c>POST /v1/messages</c>, an agent's
/// reply) is decided by Compliance, an agent's opt-out is recorded. A marketing send may rightly wait for the
/// recipient's daytime, so it is not followed.
/// </summary>
public sealed partial record AcceptedCommand(string Where, FuzzRequest Request, Guid? MessageId, string? Number)
{
    public static AcceptedCommand? From(FuzzEndpoint endpoint, FuzzRequest request, FuzzResponse response)
    {
        if (response.Status != 202 || request.Raw is not null) return null;
        var where = endpoint.ToString();
        if (endpoint.Route is "/v1/messages" or "/v1/conversations/{id:guid}/replies" && endpoint.Method == "POST")
        {
            if (System.Text.Encoding.UTF8.GetString(request.Body).Contains("marketing", StringComparison.OrdinalIgnoreCase)) return null;
            var id = MessageIdPattern().Match(response.Body);
            return id.Success ? new AcceptedCommand(where, request, Guid.Parse(id.Groups[1].Value), null) : null;
        }
        if (endpoint.Route == "/v1/contacts/{number}/opt-out" && endpoint.Method == "POST")
        {
            var path = request.Target.Split('?')[0];
            var number = Uri.UnescapeDataString(path["/v1/contacts/".Length..path.LastIndexOf("/opt-out", StringComparison.Ordinal)]);
            return new AcceptedCommand(where, request, null, number);
        }
        return null;
    }

    [GeneratedRegex("\"messageId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"")]
    private static partial Regex MessageIdPattern();
}
