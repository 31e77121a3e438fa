using System.Globalization;

namespace Sms.Conversations.Http;

/// <summary>
/// The check of where <c>GET /v1/events</c> resumes: the <c>Last-Event-ID</c> header (or the <c>lastEventId</c> query
/// parameter, for a client that cannot set headers) is the id of an event the stream sent, a position in the change
/// feed. Pure.
/// </summary>
public static class LastEventIdValidator
{
    /// <param name="header">The header's value, "" when absent.</param>
    /// <param name="query">The query parameter's value, "" when absent; used when the header is.</param>
    /// <param name="last">The position to resume after; null to start from now.</param>
    /// <param name="errors">On failure, what is wrong.</param>
    public static bool TryParse(string header, string query, out long? last, out Dictionary<string, string[]> errors)
    {
        errors = [];
        last = null;
        var lastEventId = string.IsNullOrEmpty(header) ? query : header;
        if (string.IsNullOrEmpty(lastEventId))
            return true;
        if (long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            last = position;
            return true;
        }
        errors["Last-Event-ID"] = ["Must be the id of an event this stream sent."];
        return false;
    }
}
