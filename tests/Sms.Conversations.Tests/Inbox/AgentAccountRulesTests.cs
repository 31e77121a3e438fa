using Sms.Conversations.Agents;
using Sms.Conversations.Http;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>The rules of changing agent accounts and the checks of their requests, without the database.</summary>
public sealed class AgentAccountRulesTests
{
    private static readonly AccountState EnabledAdmin = new(AgentRoles.Admin, Disabled: false);
    private static readonly AccountState EnabledAgent = new(AgentRoles.Agent, Disabled: false);

    [TestCase(1, true, TestName = "The_only_enabled_admin_cannot_be_disabled")]
    [TestCase(2, false, TestName = "An_admin_with_another_enabled_admin_beside_them_can_be_disabled")]
    public void Disabling_an_admin_keeps_one_enabled_admin(int enabledAdmins, bool refused)
    {
        var decision = AgentAccounts.Decide("ann", EnabledAdmin, new AccountChange.Disable(), enabledAdmins);

        Assert.That(decision.Refusal is not null, Is.EqualTo(refused));
        if (refused)
            Assert.That(decision.Refusal, Does.Contain("'ann' is the last enabled admin").And.Contain("cannot be disabled"));
        else
            Assert.That((decision.After, decision.Action, decision.EndsSessions), Is.EqualTo((EnabledAdmin with { Disabled = true }, AgentAccounts.Disabled, true)));
    }

    [TestCase(1, true)]
    [TestCase(3, false)]
    public void Demoting_an_admin_keeps_one_enabled_admin(int enabledAdmins, bool refused)
    {
        var decision = AgentAccounts.Decide("ann", EnabledAdmin, new AccountChange.ChangeRole(AgentRoles.Agent), enabledAdmins);

        Assert.That(decision.Refusal is not null, Is.EqualTo(refused));
        if (refused)
            Assert.That(decision.Refusal, Does.Contain("cannot be made an agent"));
        else
            Assert.That((decision.After.Role, decision.Detail, decision.EndsSessions), Is.EqualTo((AgentRoles.Agent, "admin -> agent", false)));
    }

    [Test]
    public void A_disabled_admin_is_not_counted_so_demoting_them_is_allowed_whatever_the_count()
    {
        var decision = AgentAccounts.Decide("ann", EnabledAdmin with { Disabled = true }, new AccountChange.ChangeRole(AgentRoles.Agent), enabledAdmins: 1);

        Assert.That(decision.Refusal, Is.Null);
    }

    [Test]
    public void The_last_admin_may_still_reset_and_change_their_password()
    {
        var reset = AgentAccounts.Decide("ann", EnabledAdmin, new AccountChange.ResetPassword("hash"), enabledAdmins: 1);
        var own = AgentAccounts.Decide("ann", EnabledAdmin, new AccountChange.ChangePassword("hash", Guid.NewGuid()), enabledAdmins: 1);

        Assert.Multiple(() =>
        {
            Assert.That((reset.Refusal, reset.Action, reset.EndsSessions, reset.Unchanged), Is.EqualTo(((string?)null, AgentAccounts.PasswordReset, true, false)));
            Assert.That((own.Refusal, own.Action, own.EndsSessions, own.Unchanged), Is.EqualTo(((string?)null, AgentAccounts.PasswordChanged, true, false)));
        });
    }

    [Test]
    public void Disabling_an_agent_ends_their_sessions_and_enabling_them_does_not()
    {
        var disabled = AgentAccounts.Decide("bob", EnabledAgent, new AccountChange.Disable(), enabledAdmins: 1);
        var enabled = AgentAccounts.Decide("bob", disabled.After, new AccountChange.Enable(), enabledAdmins: 1);

        Assert.Multiple(() =>
        {
            Assert.That((disabled.After.Disabled, disabled.EndsSessions, disabled.Refusal), Is.EqualTo((true, true, (string?)null)));
            Assert.That((enabled.After.Disabled, enabled.EndsSessions, enabled.Action), Is.EqualTo((false, false, AgentAccounts.Enabled)));
        });
    }

    [Test]
    public void A_change_to_what_the_account_is_already_changes_nothing_and_is_not_recorded()
    {
        var twice = AgentAccounts.Decide("bob", EnabledAgent with { Disabled = true }, new AccountChange.Disable(), enabledAdmins: 1);
        var sameRole = AgentAccounts.Decide("ann", EnabledAdmin, new AccountChange.ChangeRole(AgentRoles.Admin), enabledAdmins: 1);

        Assert.Multiple(() =>
        {
            Assert.That((twice.Unchanged, twice.EndsSessions, twice.Refusal), Is.EqualTo((true, false, (string?)null)));
            Assert.That((sameRole.Unchanged, sameRole.Refusal), Is.EqualTo((true, (string?)null)), "the last admin staying admin is no refusal");
        });
    }

    [TestCase(null, "newPassword-long", "currentPassword")]
    [TestCase("current-password", "short", "newPassword")]
    [TestCase("current-password", "current-password", "newPassword")]
    [TestCase("current-password", "new-password-\u0000x", "newPassword")]
    public void A_bad_password_change_names_the_field(string? current, string? next, string field)
    {
        var errors = PasswordChangeRequestValidator.Validate(new PasswordChangeRequest(current, next));

        Assert.That(errors.Keys, Is.EqualTo(new[] { field }));
    }

    [Test]
    public void A_good_password_change_has_no_errors() =>
        Assert.That(PasswordChangeRequestValidator.Validate(new PasswordChangeRequest("current-password", "a-new-password")), Is.Empty);

    [TestCase(null, false)]
    [TestCase("123456789", false)]
    [TestCase("1234567890", true)]
    public void A_reset_password_follows_the_rule_of_a_new_account(string? password, bool valid)
    {
        Assert.Multiple(() =>
        {
            Assert.That(PasswordResetRequestValidator.Validate(new PasswordResetRequest(password)), valid ? Is.Empty : Contains.Key("password"));
            Assert.That(AgentAccountRequestValidator.Validate(new AgentAccountRequest("okname", "Ok", password, AgentRoles.Agent)),
                valid ? Is.Empty : Contains.Key("password"), "the same rule when the account is created");
        });
    }

    [TestCase("agent", true)]
    [TestCase("admin", true)]
    [TestCase("Admin", false)]
    [TestCase(null, false)]
    public void A_role_is_one_of_the_roles(string? role, bool valid) =>
        Assert.That(AgentRoleRequestValidator.Validate(new AgentRoleRequest(role)), valid ? Is.Empty : Contains.Key("role"));
}
