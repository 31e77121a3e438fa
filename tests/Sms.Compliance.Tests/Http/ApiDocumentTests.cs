using Sms.Testing;

namespace Sms.Compliance.Tests.Http;

/// <summary>The consent API's OpenAPI document, read as an upstream developer reads it.</summary>
public class ApiDocumentTests
{
    [Test]
    public async Task Lists_every_consent_endpoint_with_the_answers_it_can_give()
    {
        var servers = await Servers.GetAsync();
        await using var compliance = new HarnessedService<Program>(new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = servers.Postgres,
            ["ConnectionStrings:Redis"] = servers.Redis,
        });
        using var client = compliance.CreateClientWithApiKey();

        var operations = await ApiDocumentCheck.OperationsAsync(client);
        var successOnly = await ApiDocumentCheck.SuccessOnlyOperationsAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(operations.Keys, Is.SupersetOf(new[]
            {
                "GET /v1/consent/{number}", "POST /v1/consent/{number}/opt-out", "POST /v1/consent/{number}/opt-in",
                "GET /v1/consent/export", "POST /v1/consent/import",
            }));
            Assert.That(operations["POST /v1/consent/{number}/opt-out"], Is.SupersetOf(new[] { "400", "401" }));
            Assert.That(successOnly, Is.Empty);
        });
    }
}
