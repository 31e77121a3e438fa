using System.Net;
using Sms.Conversations.Tests.Support;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Tests.Http;

/// <summary>
/// Two instances of the service on the real RabbitMQ: a client created on one is accepted by the other, and once revoked
/// on the first, refused by the other within seconds (each instance keeps the list from its own temporary queue).
/// </summary>
public sealed class ApiClientsAcrossInstancesTests
{
    [Test]
    public async Task A_revocation_on_one_instance_is_refused_by_another_within_seconds()
    {
        await using var first = await InboxService.StartAsync(realBus: true);
        await using var second = await InboxService.StartAsync(realBus: true);
        using var admin = first.ApiKeyClient();
        var (id, key) = await ApiClientsApiTests.CreateAsync(admin, "across", ApiScopes.InboxRead);
        using var other = second.Factory.CreateClient();
        other.DefaultRequestHeaders.Add(ApiKeyAuthentication.HeaderName, key);

        using var accepted = await ApiClientsApiTests.EventuallyAsync(() => other.GetAsync("/v1/conversations"), r => r.StatusCode == HttpStatusCode.OK);
        using var revoke = await admin.DeleteAsync($"/v1/api-clients/{id}");
        var revokedAt = DateTime.UtcNow;
        using var refused = await ApiClientsApiTests.EventuallyAsync(() => other.GetAsync("/v1/conversations"), r => r.StatusCode == HttpStatusCode.Unauthorized);
        var took = DateTime.UtcNow - revokedAt;

        Assert.Multiple(() =>
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(revoke.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }
}
