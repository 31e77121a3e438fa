using Sms.Contracts.Campaigns;

namespace Sms.Campaigns.Campaigns;

/// <summary>A campaign's status, as <c>campaigns.campaigns.status</c> spells it.</summary>
public enum CampaignStatus
{
    /// <summary>Being composed: editable, may be dry-run (which plans its recipients without sending).</summary>
    Draft,

    /// <summary>A launch is planning its recipients; a launch again (after a crash) continues it.</summary>
    Planning,

    /// <summary>The dispatcher publishes its due recipients, at its pace.</summary>
    Running,

    /// <summary>Nothing more is claimed until it is resumed.</summary>
    Paused,

    /// <summary>No pending recipient is left.</summary>
    Completed,

    /// <summary>Its pending recipients were cancelled; what was published stays published.</summary>
    Cancelled,
}

/// <summary>What a campaign's current status makes of an action.</summary>
public enum LifecycleDecision
{
    /// <summary>Do it: the status moves to <see cref="CampaignLifecycle.Target"/>.</summary>
    Apply,

    /// <summary>It is done already (the same command twice, a retried request): nothing changes, and that is no error.</summary>
    AlreadyDone,

    /// <summary>Not from this status (HTTP 409).</summary>
    Forbidden,
}

/// <summary>
/// Which action a campaign allows in which status: draft → (planning →) running ⇄ paused → completed, cancelled from
/// any status but completed. The one place these rules live: the HTTP API, the bus commands and the stores ask it.
/// Pure.
/// </summary>
public static class CampaignLifecycle
{
    public static LifecycleDecision Decide(CampaignStatus status, CampaignAction action) => (action, status) switch
    {
        (CampaignAction.Launch, CampaignStatus.Draft or CampaignStatus.Planning) => LifecycleDecision.Apply,
        (CampaignAction.Launch, CampaignStatus.Running or CampaignStatus.Paused or CampaignStatus.Completed) => LifecycleDecision.AlreadyDone,
        (CampaignAction.Pause, CampaignStatus.Running) => LifecycleDecision.Apply,
        (CampaignAction.Pause, CampaignStatus.Paused) => LifecycleDecision.AlreadyDone,
        (CampaignAction.Resume, CampaignStatus.Paused) => LifecycleDecision.Apply,
        (CampaignAction.Resume, CampaignStatus.Running) => LifecycleDecision.AlreadyDone,
        (CampaignAction.Cancel, CampaignStatus.Draft or CampaignStatus.Planning or CampaignStatus.Running or CampaignStatus.Paused) => LifecycleDecision.Apply,
        (CampaignAction.Cancel, CampaignStatus.Cancelled) => LifecycleDecision.AlreadyDone,
        _ => LifecycleDecision.Forbidden,
    };

    /// <summary>The status an applied action leaves the campaign in (a launch passes through <see cref="CampaignStatus.Planning"/>).</summary>
    public static CampaignStatus Target(CampaignAction action) => action switch
    {
        CampaignAction.Launch => CampaignStatus.Running,
        CampaignAction.Pause => CampaignStatus.Paused,
        CampaignAction.Resume => CampaignStatus.Running,
        CampaignAction.Cancel => CampaignStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown campaign action"),
    };

    /// <summary>The statuses <paramref name="action"/> applies from: the condition of the store's update, so two racing changes cannot both apply.</summary>
    public static IReadOnlyList<CampaignStatus> From(CampaignAction action) =>
        Enum.GetValues<CampaignStatus>().Where(s => Decide(s, action) == LifecycleDecision.Apply).ToList();

    /// <summary>Only a draft is edited (a launched campaign's recipients were planned from it).</summary>
    public static bool CanEdit(CampaignStatus status) => status == CampaignStatus.Draft;

    /// <summary>A dry run plans and evaluates a draft; a launched campaign's own results say what happened.</summary>
    public static bool CanDryRun(CampaignStatus status) => status == CampaignStatus.Draft;

    public static string ToText(CampaignStatus status) => status.ToString().ToLowerInvariant();

    public static CampaignStatus Parse(string text) => Enum.Parse<CampaignStatus>(text, ignoreCase: true);
}
