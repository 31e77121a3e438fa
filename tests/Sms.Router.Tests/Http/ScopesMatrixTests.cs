using Sms.Router.Tests.Support;
using Sms.Testing;

namespace Sms.Router.Tests.Http;

/// <summary>The scopes matrix (<see cref="ScopeMatrix"/>) over every endpoint of the router, on the real Redis.</summary>
public sealed class ScopesMatrixTests
{
    [Test]
    public async Task Every_endpoint_answers_no_key_401_and_each_scope_as_it_declares()
    {
        await using var app = await TestRouter.HostAsync();
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
