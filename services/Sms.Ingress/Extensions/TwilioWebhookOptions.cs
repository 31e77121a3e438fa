using Microsoft.Extensions.Options;
using Sms.Ingress.Twilio;

namespace Sms.Ingress.Extensions;

/// <summary>
/// How Twilio webhooks are authenticated; bound from <c>Twilio:*</c> (environment: <c>Twilio__AuthToken</c>, …).
/// Nothing here is needed by a deployment that does not use Twilio: without an auth token every Twilio webhook is
/// refused (401) unless signatures are explicitly switched off.
/// </summary>
public sealed class TwilioWebhookOptions
{
    public const string Section = "Twilio";

    /// <summary>The account's auth token, the key of <c>X-Twilio-Signature</c>. Secret: set it from the environment only.</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// The ingress's address as Twilio reaches it (<c>https://sms.example.com</c>, with a path prefix if a proxy adds
    /// one). Twilio signs the full URL it requested, which behind a load balancer or proxy is not the URL this process
    /// sees, so the signature is checked over this base address followed by the request's path and query.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Refuse unsigned webhooks. Only an explicit <c>false</c> turns it off (development machines only).</summary>
    public bool RequireSignedWebhooks { get; set; } = true;

    /// <summary>True when an auth token is set: Twilio webhooks can be authenticated.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(AuthToken);

    /// <summary>The signature check's settings (<see cref="TwilioSignatureCheck"/>).</summary>
    public TwilioSignaturePolicy ToPolicy() => new(RequireSignedWebhooks, AuthToken, PublicBaseUrl);
}

/// <summary>Checked at start (ValidateOnStart): an auth token needs the public address the signatures are made over.</summary>
public sealed class TwilioWebhookOptionsValidator : IValidateOptions<TwilioWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioWebhookOptions options)
    {
        var failures = new List<string>();
        var hasBase = !string.IsNullOrWhiteSpace(options.PublicBaseUrl);
        if (options.Configured && !hasBase)
        {
            failures.Add("Twilio:AuthToken is set but Twilio:PublicBaseUrl is not. Set Twilio__PublicBaseUrl to the ingress's address as " +
                         "Twilio calls it (e.g. https://sms.example.com): Twilio signs the public URL, not the one this process sees.");
        }
        if (hasBase && !(Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri)
                         && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                         && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)))
        {
            failures.Add($"Twilio:PublicBaseUrl '{options.PublicBaseUrl}' is not an absolute http(s) address without a query or fragment.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
