using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>The scopes matrix (<see cref="ScopeMatrix"/>) over every endpoint of Campaigns, on the real PostgreSQL.</summary>
public sealed class ScopesMatrixTests
{
    [Test]
    public async Task Every_endpoint_answers_no_key_401_and_each_scope_as_it_declares()
    {
        await using var app = await CampaignsService.CreateAsync();
        var keys = ScopeMatrix.AddSingleScopeClients(app.Services);

        var violations = await ScopeMatrix.ViolationsAsync(app, keys);
        var operations = ScopeMatrix.Operations(app);

        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty);
            Assert.That(operations.Where(o => o.Anonymous).Select(o => o.ToString()), Is.EquivalentTo(new[] { "GET /health/live", "GET /health/ready" }));
            Assert.That(operations.Select(o => o.ToString()), Is.SupersetOf(new[]
            {
                "POST /v1/segments/", "GET /v1/segments/{id:guid}/preview", "DELETE /v1/segments/{id:guid}", "POST /v1/audiences/",
                "GET /v1/audiences/{id:guid}", "POST /v1/campaigns/compose", "GET /v1/campaigns/{id:guid}/results",
            }), "the matrix walks the endpoints of this service");
        });
    }
}
