using System.Net;
using System.Text;
using Sms.Ingress.Tests.Support;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// The API key is checked before anything else of a request is read: an anonymous caller gets 401 from every
/// authenticated endpoint of the ingress, whatever its body or query holds.
/// </summary>
public sealed class AuthenticationFirstTests : IngressTest
{
    [TestCase("POST", "/v1/messages", "{\"to\": 12, \"text\": ")]
    [TestCase("GET", "/v1/rejected-webhooks?limit=not-a-number", null)]
    public async Task An_anonymous_request_with_a_malformed_body_or_query_is_answered_401(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }
}
