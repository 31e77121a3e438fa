using Sms.Benchmark.Measure;

namespace Sms.Benchmark.Report;

/// <summary>
/// The campaign step (issue 17): one campaign to an uploaded audience, launched over HTTP with the send limits lifted,
/// measured at the carrier simulator. <see cref="Sends"/> is taken again at the end of the run, so a duplicate that
/// arrives after the drain still counts.
/// </summary>
public sealed record CampaignOutcome
{
    public required Guid CampaignId { get; init; }

    public required int Recipients { get; init; }

    public required int PacePerSecond { get; init; }

    /// <summary>What the campaign sent as: a category that needs no marketing consent and no frequency cap.</summary>
    public required string Category { get; init; }

    /// <summary><c>POST /v1/audiences</c> with the CSV of every recipient, until it answered.</summary>
    public required double AudienceUploadSeconds { get; init; }

    /// <summary>The launch call until it answered: planning, one row per recipient.</summary>
    public required double LaunchAnsweredSeconds { get; init; }

    /// <summary>When the launch call was made, microseconds since the Unix epoch: what <see cref="Sends"/> is timed from.</summary>
    public required long LaunchedAtUnixMicroseconds { get; init; }

    public required CampaignSendFigures Sends { get; init; }

    /// <summary>The campaign's status when the step ended (<c>completed</c> once no recipient is pending).</summary>
    public required string? FinalStatus { get; init; }

    /// <summary>The best delivered/s of the outbound-only steps of this run (SendSms published straight on the bus), to compare with.</summary>
    public required double? OutboundOnlyPerSecond { get; init; }

    /// <summary>The deepest queue seen, sampled every second; null when no queue was sampled or none held a message.</summary>
    public required QueueDepth? DeepestQueue { get; init; }

    /// <summary>Every sampled queue that held messages, deepest first.</summary>
    public required IReadOnlyList<QueueDepth> QueueDepths { get; init; }

    /// <summary>How many queues were sampled (0: no names given, depths not measured).</summary>
    public required int QueuesSampled { get; init; }

    public required MachineFigures Machine { get; init; }

    /// <summary>The one-minute load average when the step started and when it ended: the machine is shared.</summary>
    public required double[] LoadAverage { get; init; }

    public required IReadOnlyList<ProcessCost> Processes { get; init; }

    public required bool StartedQuiet { get; init; }
}
