using Sms.Conversations.Agents;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Tests.Http;

/// <summary>The scopes of each agent role, and the role an API client acts with (<see cref="AgentScopes"/>).</summary>
public sealed class AgentScopesTests
{
    [Test]
    public void An_agent_reads_and_acts_in_the_inbox_and_an_admin_holds_every_scope()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AgentScopes.Of(AgentRoles.Agent), Is.EquivalentTo(new[] { ApiScopes.InboxRead, ApiScopes.InboxWrite }));
            Assert.That(AgentScopes.Of(AgentRoles.Admin), Is.EquivalentTo(ApiScopes.All));
            Assert.That(AgentScopes.Of("someone-else"), Is.Empty);
        });
    }

    [TestCase(new[] { ApiScopes.InboxAdmin }, AgentRoles.Admin)]
    [TestCase(new[] { ApiScopes.InboxRead, ApiScopes.InboxWrite }, AgentRoles.Agent)]
    [TestCase(new[] { ApiScopes.Send }, AgentRoles.Agent)]
    public void A_client_acts_as_an_admin_only_with_inbox_admin(string[] scopes, string role) =>
        Assert.That(AgentScopes.RoleOf(scopes.ToHashSet()), Is.EqualTo(role));
}
