using Microsoft.Extensions.Configuration;
using Sms.ServiceDefaults.Security;

namespace Sms.ServiceDefaults.Tests.Security;

public sealed class DevelopmentSecretsTests
{
    [TestCase("Api:Keys:0", "local-dev-api-key")]
    [TestCase("Vonage:ApiSecret", "local-dev-api-secret")]
    [TestCase("Vonage:SignatureSecret", "local-dev-signature-secret")]
    [TestCase("Twilio:AuthToken", "local-dev-twilio-token")]
    [TestCase("Inbox:BootstrapAdmin:Password", "local-dev-inbox-password")]
    [TestCase("Attachments:UrlSigningKey", "local-dev-attachment-url-key")]
    [TestCase("Inbox:PassKey", "local-dev-inbox-pass-key")]
    [TestCase("Vonage:SignatureSecret", "dev-signature-secret-not-real")]
    [TestCase("Vonage:ApiSecret", "dev-api-secret-not-real")]
    public void A_shipped_secret_is_refused_outside_Development_naming_the_setting(string setting, string value)
    {
        foreach (var environment in new[] { "Production", "Staging", "Testing" })
        {
            var problems = DevelopmentSecrets.Problems(Configuration((setting, value)), environment);

            Assert.That(problems, Is.EqualTo(new[] { $"{setting} (environment variable {setting.Replace(":", "__")})" }), environment);
        }
    }

    [TestCase("Development")]
    [TestCase("development")]
    public void Every_shipped_secret_is_allowed_in_Development(string environment)
    {
        var configuration = Configuration(
            ("Api:Keys:0", "local-dev-api-key"),
            ("Vonage:SignatureSecret", "local-dev-signature-secret"),
            ("Twilio:AuthToken", "local-dev-twilio-token"),
            ("Inbox:BootstrapAdmin:Password", "local-dev-inbox-password"));

        Assert.That(DevelopmentSecrets.Problems(configuration, environment), Is.Empty);
    }

    [Test]
    public void Real_secrets_are_allowed_everywhere()
    {
        var configuration = Configuration(
            ("Api:Keys:0", "9f6c1d0e-real-key"),
            ("Vonage:ApiSecret", "a-real-api-secret"),
            ("Vonage:SignatureSecret", "a-real-signature-secret"),
            ("Twilio:AuthToken", "a-real-auth-token"),
            ("Inbox:BootstrapAdmin:Password", "a-long-real-password"),
            ("RabbitMq:Password", "guest"));

        Assert.That(DevelopmentSecrets.Problems(configuration, "Production"), Is.Empty);
    }

    [Test]
    public void Each_setting_that_holds_one_is_named_a_second_key_and_a_value_moved_to_another_setting_included()
    {
        var configuration = Configuration(
            ("Api:Keys:0", "9f6c1d0e-real-key"),
            ("Api:Keys:1", "local-dev-api-key"),
            ("Twilio:AuthToken", "local-dev-signature-secret"),
            ("Vonage:SignatureSecret", "a-real-signature-secret"));

        var problems = DevelopmentSecrets.Problems(configuration, "Production");

        Assert.That(problems, Is.EqualTo(new[]
        {
            "Api:Keys:1 (environment variable Api__Keys__1)",
            "Twilio:AuthToken (environment variable Twilio__AuthToken)",
        }));
        Assert.That(DevelopmentSecrets.Describe(problems, "Production"),
            Does.Contain("Production environment").And.Contain("Api__Keys__1").And.Contain("Twilio__AuthToken")
                .And.Contain("DOTNET_ENVIRONMENT=Development"));
    }

    [Test]
    public void Nothing_configured_is_no_problem() =>
        Assert.That(DevelopmentSecrets.Problems(Configuration(), "Production"), Is.Empty);

    [Test]
    public void The_shipped_values_are_those_of_the_repositorys_development_configuration()
    {
        var shipped = string.Join("\n",
            File.ReadAllText(Sms.Testing.RepositoryRoot.Combine("deploy/local.env")),
            File.ReadAllText(Sms.Testing.RepositoryRoot.Combine("docker-compose.yml")),
            File.ReadAllText(Sms.Testing.RepositoryRoot.Combine("services/Sms.CarrierSimulator/appsettings.json")));

        Assert.That(DevelopmentSecrets.ShippedValues, Has.All.Matches<string>(shipped.Contains));
        Assert.That(DevelopmentSecrets.ShippedValues, Has.Member("local-dev-api-key").And.Member("local-dev-twilio-token"));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
