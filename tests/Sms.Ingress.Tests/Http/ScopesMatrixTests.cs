using Sms.Ingress.Tests.Support;
using Sms.Testing;

namespace Sms.Ingress.Tests.Http;

/// <summary>
/// The scopes matrix (<see cref="ScopeMatrix"/>) over every endpoint of the ingress, on the real Redis. Open to anyone:
/// the health checks, the carriers' webhooks, which prove their sender with a signature instead of a key, and a
/// campaign's tracked links, opened by customers' phones, whose signed code is their gate.
/// </summary>
public sealed class ScopesMatrixTests : IngressTest
{
    [Test]
    public async Task Every_endpoint_answers_no_key_401_and_each_scope_as_it_declares()
    {
        var keys = ScopeMatrix.AddSingleScopeClients(Application.Services);

        var violations = await ScopeMatrix.ViolationsAsync(Application, keys);
        var open = ScopeMatrix.Operations(Application).Where(o => o.Anonymous).Select(o => o.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty);
            Assert.That(open, Is.EquivalentTo(new[]
            {
                "GET /health/live", "GET /health/ready", "GET /l/{code}", "HEAD /l/{code}",
                "GET /webhooks/twilio/inbound", "POST /webhooks/twilio/inbound", "GET /webhooks/twilio/status", "POST /webhooks/twilio/status",
                "GET /webhooks/vonage/inbound", "POST /webhooks/vonage/inbound", "GET /webhooks/vonage/delivery-receipt", "POST /webhooks/vonage/delivery-receipt",
                "POST /webhooks/vonage/messages/inbound", "POST /webhooks/vonage/messages/status",
            }));
        });
    }
}
