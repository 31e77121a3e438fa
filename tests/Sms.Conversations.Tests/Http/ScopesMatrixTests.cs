using Sms.Conversations.Http;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Http;

/// <summary>
/// The scopes matrix (<see cref="ScopeMatrix"/>) over every endpoint of the inbox, on the real PostgreSQL. Open to
/// anyone: the health checks, signing in, and the login page's own files (static files, not endpoints: listed here).
/// </summary>
public sealed class ScopesMatrixTests
{
    [Test]
    public async Task Every_endpoint_answers_no_key_401_and_each_scope_as_it_declares()
    {
        await using var inbox = await InboxService.StartAsync();
        var keys = ScopeMatrix.AddSingleScopeClients(inbox.Factory.Services);

        var violations = await ScopeMatrix.ViolationsAsync(inbox.Factory, keys);
        var open = ScopeMatrix.Operations(inbox.Factory).Where(o => o.Anonymous).Select(o => o.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(violations, Is.Empty);
            // The public attachment URL is for carriers fetching an agent's picture: it serves only with a valid, expiring signature.
            Assert.That(open, Is.EquivalentTo(new[] { "GET /health/live", "GET /health/ready", "POST /auth/login", "GET /v1/attachments/{id:guid}/public" }));
            Assert.That(InboxAuthentication.AnonymousAssets, Is.EquivalentTo(new[] { "/inbox/login.html", "/inbox/login.js", "/inbox/app.css" }));
        });
    }
}
