using Microsoft.Extensions.Options;
using Sms.Carriers.Vonage;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Extensions;

/// <summary>How Vonage webhooks are authenticated; bound from <c>Vonage:*</c> (environment: <c>Vonage__SignatureSecret</c>, …).</summary>
public sealed class VonageWebhookOptions
{
    public const string Section = "Vonage";

    /// <summary>The account's signature secret (not the API secret). Secret: set it from the environment only.</summary>
    public string? SignatureSecret { get; set; }

    /// <summary>md5hash (the dashboard default), md5, sha1, sha256 or sha512: as chosen in the Vonage dashboard.</summary>
    public string SignatureMethod { get; set; } = "md5hash";

    /// <summary>How far a signed <c>timestamp</c> (Messages API: <c>iat</c>) may be from our clock, either way.</summary>
    public int SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// How old a correctly signed <c>timestamp</c> (or <c>iat</c>) may be as a Vonage retry: Vonage signs the time it
    /// began pushing and retries for 24 hours, so 26 by default (24 plus margin). Must be shorter than
    /// <c>Ingress:SeenTimeToLive</c>, whose claims turn a replay in this window into a duplicate. 0: no late retries.
    /// </summary>
    public int LateRetryWindowHours { get; set; } = 26;

    /// <summary>Refuse unsigned webhooks. Turn off only on a development machine.</summary>
    public bool RequireSignedWebhooks { get; set; } = true;

    public WebhookSignaturePolicy ToPolicy()
    {
        VonageSignature.TryParseMethod(SignatureMethod, out var method);
        return new WebhookSignaturePolicy(RequireSignedWebhooks, SignatureSecret, method, TimeSpan.FromSeconds(SignatureToleranceSeconds),
            TimeSpan.FromHours(LateRetryWindowHours));
    }

    /// <summary>The Messages API's JWT check: the same secret, switch, tolerance and retry window (the method is always HS256 there).</summary>
    public JwtPolicy ToJwtPolicy() =>
        new(RequireSignedWebhooks, SignatureSecret, TimeSpan.FromSeconds(SignatureToleranceSeconds), TimeSpan.FromHours(LateRetryWindowHours));
}

/// <summary>Checked at start (ValidateOnStart): the service refuses to run when it could not authenticate Vonage.</summary>
public sealed class VonageWebhookOptionsValidator(IOptions<IngressOptions> ingress) : IValidateOptions<VonageWebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, VonageWebhookOptions options)
    {
        var failures = new List<string>();
        if (options.RequireSignedWebhooks && string.IsNullOrWhiteSpace(options.SignatureSecret))
        {
            failures.Add("Vonage:SignatureSecret is not set, but Vonage:RequireSignedWebhooks is true (the default). " +
                         "Set the environment variable Vonage__SignatureSecret to the account's signature secret, or set " +
                         "Vonage__RequireSignedWebhooks=false to accept unsigned webhooks (development machines only).");
        }
        if (!VonageSignature.TryParseMethod(options.SignatureMethod, out _))
        {
            failures.Add($"Vonage:SignatureMethod '{options.SignatureMethod}' is not one of md5hash, md5, sha1, sha256, sha512.");
        }
        if (options.SignatureToleranceSeconds is < 1 or > 86_400)
        {
            failures.Add($"Vonage:SignatureToleranceSeconds must be between 1 and 86400, not {options.SignatureToleranceSeconds}.");
        }
        var seen = ingress.Value.SeenTimeToLive;
        if (options.LateRetryWindowHours < 0 || TimeSpan.FromHours(options.LateRetryWindowHours) >= seen)
        {
            failures.Add($"Vonage:LateRetryWindowHours must be at least 0 and shorter than Ingress:SeenTimeToLive ({seen}), " +
                         $"not {options.LateRetryWindowHours}: a late retry is let in because the claim on its message id outlives it.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
