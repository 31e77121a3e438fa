namespace Sms.CarrierSimulator.Webhooks;

/// <summary>How Vonage delivers a webhook, as chosen in its dashboard.</summary>
public enum WebhookMethod
{
    /// <summary>Parameters in the query string.</summary>
    Get,

    /// <summary><c>application/x-www-form-urlencoded</c> body.</summary>
    Post,

    /// <summary>JSON object of string values.</summary>
    PostJson,
}

public static class WebhookMethods
{
    public static bool TryParse(string? value, out WebhookMethod method)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "GET": method = WebhookMethod.Get; return true;
            case "POST": method = WebhookMethod.Post; return true;
            case "POST-JSON": method = WebhookMethod.PostJson; return true;
            default: method = default; return false;
        }
    }
}
