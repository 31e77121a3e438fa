using System.Net;
using System.Text;
using Sms.Compliance.Tests.Support;

namespace Sms.Compliance.Tests.Http;

/// <summary>
/// The API key is checked before anything else of a request is read: an anonymous caller gets 401 from every endpoint of
/// the consent API, whatever its body or query holds, never a 400 that shows its body was parsed.
/// </summary>
public sealed class AuthenticationFirstTests : ComplianceServiceFixture
{
    [TestCase("GET", "/v1/consent/not-a-number?scope=no-such-brand", null)]
    [TestCase("POST", "/v1/consent/%2B447700900001/opt-in", "{\"expressConsent\": \"not a boolean\"")]
    [TestCase("POST", "/v1/consent/%2B447700900001/opt-out", "[1, 2,")]
    [TestCase("PUT", "/v1/consent/%2B447700900001/time-zone", "not json at all")]
    [TestCase("DELETE", "/v1/consent/not-a-number/time-zone", null)]
    [TestCase("POST", "/v1/consent/import?scope=no-such-brand", "no,header\n")]
    [TestCase("GET", "/v1/consent/export?format=xml&scope=no-such-brand", null)]
    public async Task An_anonymous_request_with_a_malformed_body_or_query_is_answered_401(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, path.Contains("import") ? "text/csv" : "application/json");

        using var anonymous = Service.CreateClient();
        using var response = await anonymous.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
    }
}
