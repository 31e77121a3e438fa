using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Content;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Campaigns;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Campaigns;

/// <summary>How a state change or dry run ended.</summary>
public enum ActionOutcome
{
    Applied,
    AlreadyDone,
    Forbidden,
    NotFound,
}

/// <summary>
/// What a campaign's API endpoints and bus consumers both do: create, launch (planning its recipients), pause,
/// resume, cancel and dry-run, each asking <see cref="CampaignLifecycle"/> first. The endpoints and consumers are
/// thin shells around it.
/// </summary>
public sealed class CampaignActions(
    CampaignStore store,
    ContentCheck contentCheck,
    LinkTracking tracking,
    LinkStore links,
    IRequestClient<EvaluateSends> compliance,
    IOptions<CampaignsOptions> options,
    TimeProvider clock,
    ILogger<CampaignActions> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Applies <paramref name="action"/>, asked for by <paramref name="requestedBy"/>; the campaign as it is afterwards
    /// (null when it does not exist).
    /// </summary>
    public async Task<(ActionOutcome Outcome, Campaign? Campaign)> ChangeStateAsync(
        Guid id, CampaignAction action, string requestedBy, CancellationToken cancellationToken)
    {
        // Twice at most: a change that lost a race to another is decided again against the status that won.
        for (var attempt = 0; ; attempt++)
        {
            var campaign = await store.GetAsync(id, cancellationToken);
            if (campaign is null) return (ActionOutcome.NotFound, null);
            var decision = CampaignLifecycle.Decide(campaign.Status, action);
            if (decision == LifecycleDecision.AlreadyDone) return (ActionOutcome.AlreadyDone, campaign);
            if (decision == LifecycleDecision.Forbidden) return (ActionOutcome.Forbidden, campaign);

            var now = clock.GetUtcNow();
            var applied = action switch
            {
                CampaignAction.Launch => await LaunchAsync(campaign, requestedBy, now, cancellationToken),
                CampaignAction.Cancel => await store.CancelAsync(id, now, cancellationToken),
                _ => await store.ChangeStatusAsync(id, CampaignLifecycle.From(action), CampaignLifecycle.Target(action), now, cancellationToken),
            };
            if (applied)
            {
                logger.CampaignStateChanged(id, action);
                return (ActionOutcome.Applied, await store.GetAsync(id, cancellationToken));
            }
            if (attempt == 1) return (ActionOutcome.Forbidden, await store.GetAsync(id, cancellationToken));
        }
    }

    /// <summary>
    /// Draft → planning → running: planning first commits the planning status (a launch retried after a crash finds it
    /// and plans again, afresh), then writes the recipients in one transaction, then lets the dispatcher have them. The
    /// content check's warnings on the text are recorded with the campaign: whoever launches a text with warnings
    /// overrides them.
    /// </summary>
    private async Task<bool> LaunchAsync(Campaign campaign, string launchedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.ChangeStatusAsync(campaign.Id, [CampaignStatus.Draft, CampaignStatus.Planning], CampaignStatus.Planning, now, cancellationToken))
            return false;
        var warnings = campaign.Text is { } text ? contentCheck.Check(text, campaign.Category) : [];
        await store.RecordLaunchWarningsAsync(campaign.Id, warnings, launchedBy, cancellationToken);
        await PlanAsync(campaign, now, cancellationToken);
        return await store.ChangeStatusAsync(campaign.Id, [CampaignStatus.Planning], CampaignStatus.Running, clock.GetUtcNow(), cancellationToken);
    }

    private async Task<int> PlanAsync(Campaign campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var recipients = await store.PlanAsync(campaign, options.Value.DefaultScope, options.Value.DefaultTimeZone, now, cancellationToken);
        // The benchmark's planning figure (README, "Pacing, pause and resume"): recipients and time, per launch.
        logger.CampaignPlanned(campaign.Id, recipients, watch.ElapsedMilliseconds);
        return recipients;
    }

    /// <summary>
    /// Plans a draft's recipients when that was not done yet (nothing is sent: only a running campaign is dispatched),
    /// asks Compliance how it would decide each send, in chunks of <see cref="EvaluateSends.MaxSends"/> that share the
    /// minute they are due in, and stores and returns the tally.
    /// </summary>
    public async Task<(ActionOutcome Outcome, DryRunResult? Result)> DryRunAsync(Guid id, CancellationToken cancellationToken)
    {
        var campaign = await store.GetAsync(id, cancellationToken);
        if (campaign is null) return (ActionOutcome.NotFound, null);
        if (!CampaignLifecycle.CanDryRun(campaign.Status)) return (ActionOutcome.Forbidden, null);
        var now = clock.GetUtcNow();
        if (campaign.PlannedAt is null)
        {
            await PlanAsync(campaign, now, cancellationToken);
            campaign = (await store.GetAsync(id, cancellationToken))!;
        }

        // Each link as long as its tracked link will be, so the sends weigh what the real ones will (no link is stored yet).
        var sent = campaign.Text is null || !tracking.IsOn
            ? campaign
            : campaign with { Text = tracking.TrackLongest(campaign.Text, await links.NewestIdAsync(cancellationToken)) };
        var tally = new DryRunTally();
        var chunk = new List<SendSms>(EvaluateSends.MaxSends);
        DateTimeOffset? chunkAt = null;
        await foreach (var recipient in store.PendingAsync(id, cancellationToken))
        {
            var at = EvaluationMoment(recipient.DueAt, now);
            if (chunk.Count == EvaluateSends.MaxSends || (chunkAt is { } current && current != at))
            {
                await EvaluateAsync(chunk, chunkAt!.Value, tally, cancellationToken);
                chunk.Clear();
            }
            chunkAt = at;
            chunk.Add(campaign.FlowName is null
                ? CampaignMessages.Send(sent, recipient, now)
                : FlowSend(campaign, recipient, now));
        }
        if (chunk.Count > 0) await EvaluateAsync(chunk, chunkAt!.Value, tally, cancellationToken);

        var result = tally.Result(campaign.PlannedInvalid, campaign.PlannedDuplicates, now);
        await store.SaveDryRunAsync(id, JsonSerializer.Serialize(result, Json), now, cancellationToken);
        return (ActionOutcome.Applied, result);
    }

    /// <summary>Sends due in the same minute are evaluated together, at that minute (or now, when it has passed).</summary>
    public static DateTimeOffset EvaluationMoment(DateTimeOffset dueAt, DateTimeOffset now)
    {
        var minute = new DateTimeOffset(dueAt.UtcTicks - dueAt.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        return minute > now ? minute : now;
    }

    /// <summary>A flow campaign's first message is the flow's to write; Compliance decides it as a marketing send to the recipient.</summary>
    private static SendSms FlowSend(Campaign campaign, PlannedRecipient recipient, DateTimeOffset now) =>
        CampaignMessages.Send(campaign with { Text = campaign.FlowName }, recipient, now);

    private async Task EvaluateAsync(List<SendSms> sends, DateTimeOffset at, DryRunTally tally, CancellationToken cancellationToken)
    {
        var response = await compliance.GetResponse<SendsEvaluated>(
            new EvaluateSends { Sends = sends.ToList(), At = at }, cancellationToken, RequestTimeout.After(ms: (int)options.Value.DryRunTimeout.TotalMilliseconds));
        foreach (var outcome in response.Message.Outcomes) tally.Add(outcome);
    }
}
