using Sms.Ingress.Tests.Support;
using Sms.Testing;

namespace Sms.Ingress.Tests.Http;

/// <summary>The ingress's OpenAPI document, read as an upstream developer reads it.</summary>
public class ApiDocumentTests : IngressTest
{
    [Test]
    public async Task Lists_every_endpoint_with_the_answers_it_can_give()
    {
        var operations = await ApiDocumentCheck.OperationsAsync(ApiClient);

        Assert.That(operations.Keys, Is.SupersetOf(new[]
        {
            "POST /v1/messages", "GET /v1/rejected-webhooks", "POST /webhooks/vonage/inbound", "POST /webhooks/twilio/inbound",
        }));
        Assert.That(operations["POST /v1/messages"], Is.SupersetOf(new[] { "202", "400", "401", "503" }));
        Assert.That(await ApiDocumentCheck.SuccessOnlyOperationsAsync(ApiClient), Is.Empty,
            "every endpoint answers typed results, so the document names its refusals too");
    }

    [Test]
    public async Task Is_not_served_without_an_API_key()
    {
        using var response = await Client.GetAsync(Sms.ServiceDefaults.Hosting.ApiDocument.Path);

        Assert.That((int)response.StatusCode, Is.EqualTo(401));
    }
}
