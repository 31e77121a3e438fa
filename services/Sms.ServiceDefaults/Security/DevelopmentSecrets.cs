using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// The development secrets this repository ships (deploy/local.env, docker-compose.yml, the carrier simulator's
/// appsettings.json) are public: a service that runs outside the Development environment with one of them would take
/// anyone's API calls, accept webhooks signed by anyone's copy of the carrier simulator, or let anyone sign in to the
/// inbox as its first admin. <see cref="Problems"/> names every setting that still holds one; every service refuses to
/// start while there is any (<see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>).
/// </summary>
/// <remarks>
/// The settings checked are those that let a caller in, or that the platform presents as its identity to a carrier: the
/// API keys, Vonage's signature secret and API secret, Twilio's auth token (it also signs Twilio's webhooks) and the
/// inbox's first admin password. Any shipped value counts in any of them, so a development value moved to another
/// setting is refused too. The broker's <c>guest</c>/<c>guest</c> and PostgreSQL's <c>sms</c>/<c>sms</c> do not count:
/// they open the platform's own servers, which are published on loopback only (docker-compose.yml; RabbitMQ itself
/// admits <c>guest</c> from loopback only), and refusing them would stop every single-machine deployment that has not
/// provisioned its own server accounts; the README asks a real deployment to.
/// </remarks>
public static class DevelopmentSecrets
{
    /// <summary>The secret values shipped for development, in deploy/local.env, docker-compose.yml and appsettings.json.</summary>
    public static readonly IReadOnlySet<string> ShippedValues = new HashSet<string>(StringComparer.Ordinal)
    {
        "local-dev-api-key",
        "local-dev-api-secret",
        "local-dev-signature-secret",
        "local-dev-twilio-token",
        "local-dev-inbox-password",
        "local-dev-attachment-url-key",
        "local-dev-inbox-pass-key",
        "local-dev-link-signing-key",
        "dev-api-secret-not-real",
        "dev-signature-secret-not-real",
    };

    /// <summary>The secret settings checked, each with everything under it (<c>Api:Keys</c> is a list).</summary>
    public static readonly IReadOnlyList<string> Settings =
    [
        "Api:Keys",
        "Vonage:ApiSecret",
        "Vonage:SignatureSecret",
        "Twilio:AuthToken",
        "Inbox:BootstrapAdmin:Password",
        "Attachments:UrlSigningKey",
        InboxPass.KeySetting,
        TrackedLinkCode.KeySetting,
    ];

    /// <summary>
    /// Each setting that holds a shipped development secret, as <c>Section:Key (environment variable Section__Key)</c>;
    /// none in the Development environment, where they are meant to be used.
    /// </summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration, string environmentName)
    {
        if (string.Equals(environmentName, Environments.Development, StringComparison.OrdinalIgnoreCase)) return [];
        var problems = new List<string>();
        foreach (var setting in Settings)
        {
            foreach (var (key, value) in configuration.GetSection(setting).AsEnumerable().OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (value is not null && ShippedValues.Contains(value.Trim()))
                    problems.Add($"{key} (environment variable {key.Replace(":", "__", StringComparison.Ordinal)})");
            }
        }
        return problems;
    }

    /// <summary>The start failure's text: the environment, each setting to change, and how to run for development instead.</summary>
    public static string Describe(IReadOnlyList<string> problems, string environmentName) =>
        $"Refusing to start in the {environmentName} environment with development secrets shipped with Sms.Platform " +
        $"(deploy/local.env, docker-compose.yml): set your own value for {string.Join(", ", problems)}. " +
        "On a development machine, run with DOTNET_ENVIRONMENT=Development instead.";
}
