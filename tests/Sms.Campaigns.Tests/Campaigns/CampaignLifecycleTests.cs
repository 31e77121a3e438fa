using Sms.Campaigns.Campaigns;
using Sms.Contracts.Campaigns;

namespace Sms.Campaigns.Tests.Campaigns;

/// <summary>Which action each status allows: the rules the API's 409 and the bus commands' refusals come from.</summary>
public sealed class CampaignLifecycleTests
{
    [TestCase(CampaignStatus.Draft, CampaignAction.Launch, LifecycleDecision.Apply)]
    [TestCase(CampaignStatus.Planning, CampaignAction.Launch, LifecycleDecision.Apply)]
    [TestCase(CampaignStatus.Running, CampaignAction.Launch, LifecycleDecision.AlreadyDone)]
    [TestCase(CampaignStatus.Cancelled, CampaignAction.Launch, LifecycleDecision.Forbidden)]
    [TestCase(CampaignStatus.Running, CampaignAction.Pause, LifecycleDecision.Apply)]
    [TestCase(CampaignStatus.Paused, CampaignAction.Pause, LifecycleDecision.AlreadyDone)]
    [TestCase(CampaignStatus.Draft, CampaignAction.Pause, LifecycleDecision.Forbidden)]
    [TestCase(CampaignStatus.Completed, CampaignAction.Pause, LifecycleDecision.Forbidden)]
    [TestCase(CampaignStatus.Paused, CampaignAction.Resume, LifecycleDecision.Apply)]
    [TestCase(CampaignStatus.Running, CampaignAction.Resume, LifecycleDecision.AlreadyDone)]
    [TestCase(CampaignStatus.Draft, CampaignAction.Resume, LifecycleDecision.Forbidden)]
    [TestCase(CampaignStatus.Cancelled, CampaignAction.Resume, LifecycleDecision.Forbidden)]
    [TestCase(CampaignStatus.Draft, CampaignAction.Cancel, LifecycleDecision.Apply)]
    [TestCase(CampaignStatus.Running, CampaignAction.Cancel, LifecycleDecision.Apply)]
    [TestCase(CampaignStatus.Paused, CampaignAction.Cancel, LifecycleDecision.Apply)]
    [TestCase(CampaignStatus.Cancelled, CampaignAction.Cancel, LifecycleDecision.AlreadyDone)]
    [TestCase(CampaignStatus.Completed, CampaignAction.Cancel, LifecycleDecision.Forbidden)]
    public void An_action_is_applied_already_done_or_forbidden_by_status(CampaignStatus status, CampaignAction action, LifecycleDecision expected) =>
        Assert.That(CampaignLifecycle.Decide(status, action), Is.EqualTo(expected));

    [Test]
    public void Only_a_draft_is_edited_or_dry_run()
    {
        var allowed = Enum.GetValues<CampaignStatus>().Where(s => CampaignLifecycle.CanEdit(s) && CampaignLifecycle.CanDryRun(s));

        Assert.That(allowed, Is.EqualTo(new[] { CampaignStatus.Draft }));
    }

    [Test]
    public void A_change_applies_only_from_the_statuses_that_allow_it() =>
        Assert.That(CampaignLifecycle.From(CampaignAction.Pause), Is.EqualTo(new[] { CampaignStatus.Running }));
}
