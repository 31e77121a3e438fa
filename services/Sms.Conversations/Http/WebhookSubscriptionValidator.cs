using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Http;

/// <summary>
/// The checks of a webhook subscription: an absolute http(s) URL with no credentials in it (the signature is the
/// receiver's proof, and a URL is shown to every admin), known event types, each once, a short description. Pure.
/// </summary>
public static class WebhookSubscriptionValidator
{
    public const int UrlLength = 2000;
    public const int DescriptionLength = 200;

    /// <returns>Per field, what is wrong; empty when valid.</returns>
    public static Dictionary<string, string[]> Validate(WebhookSubscriptionRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["body"] = ["A JSON object {\"url\", \"eventTypes\"}."];
            return errors;
        }
        if (string.IsNullOrWhiteSpace(request.Url))
            errors["url"] = ["Required."];
        else if (request.Url.Length > UrlLength)
            errors["url"] = [$"At most {UrlLength} characters."];
        else if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            errors["url"] = ["An absolute http:// or https:// URL."];
        else if (!string.IsNullOrEmpty(url.UserInfo))
            errors["url"] = ["No user name or password in the URL: the receiver checks the signature."];

        if (request.EventTypes is null or { Count: 0 })
            errors["eventTypes"] = [$"At least one of: {string.Join(", ", WebhookEventTypes.All)}."];
        else if (request.EventTypes.FirstOrDefault(t => !WebhookEventTypes.All.Contains(t)) is { } unknown)
            errors["eventTypes"] = [$"Unknown event type '{unknown}'; known: {string.Join(", ", WebhookEventTypes.All)}."];
        else if (request.EventTypes.Distinct(StringComparer.Ordinal).Count() != request.EventTypes.Count)
            errors["eventTypes"] = ["Each event type once."];

        if (request.Description is { } description)
            InputLimits.CheckText(errors, "description", description, DescriptionLength);
        return errors;
    }
}
