using Sms.Campaigns.Tests.Support;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Http;

/// <summary>The scopes matrix (<see cref="ScopeMatrix"/>) over every endpoint of Campaigns, on the real PostgreSQL.</summary>
public sealed class ScopesMatrixTests
{
    [Test]
    public async Task Every_endpoint_answers_no_key_401_and_each_scope_as_it_declares()
    {
        await CampaignsDatabase.GetAsync();
        var servers = await Servers.GetAsync();
        await using var app = new HarnessedService<Program>(new Dictionary<string, string> { ["ConnectionStrings:Postgres"] = servers.Postgres });
        var keys = ScopeMatrix.AddSingleScopeClients(app.Services);

        var violations = await ScopeMatrix.ViolationsAsync(app, keys);
        var open = ScopeMatrix.Operations(app).Where(o => o.Anonymous).Select(o => o.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty);
            Assert.That(open, Is.EquivalentTo(new[] { "GET /health/live", "GET /health/ready" }));
        });
    }
}
