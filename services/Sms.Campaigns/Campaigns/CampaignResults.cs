namespace Sms.Campaigns.Campaigns;

/// <summary>What one aggregate query over a campaign's recipient rows counted (<see cref="Data.CampaignResultsQuery"/>).</summary>
public sealed record CampaignResultCounts
{
    public required string Status { get; init; }
    public required bool IsFlow { get; init; }
    public required int Recipients { get; init; }
    public required int Published { get; init; }
    public required int Sent { get; init; }
    public required int Delivered { get; init; }
    public required int Failed { get; init; }
    public required int Deferred { get; init; }
    public required int Replies { get; init; }
    public required int KeywordMatches { get; init; }
    public required int OptOuts { get; init; }
    public required int Handoffs { get; init; }
    public required int FlowCompletions { get; init; }

    /// <summary>Recipients who followed at least one of the campaign's tracked links.</summary>
    public required int Clicks { get; init; }
    public required double? MedianSecondsToReply { get; init; }

    /// <summary>Suppressed rows per reason (<c>opted_out</c>, <c>frequency_capped</c>, …).</summary>
    public required IReadOnlyDictionary<string, int> SuppressedByReason { get; init; }

    /// <summary>Segments sent per destination country; the empty key for a number no country has.</summary>
    public required IReadOnlyDictionary<string, long> SegmentsByCountry { get; init; }

    /// <summary>Matched replies per option or keyword, as the prompt wrote it.</summary>
    public required IReadOnlyDictionary<string, int> RepliesByOption { get; init; }

    /// <summary>The campaign's tracked links in the order of its text, with their clicks.</summary>
    public required IReadOnlyList<LinkResult> Links { get; init; }
}

/// <summary>A campaign's results (README, "Campaigns", "Results"): live while it runs, kept after.</summary>
public sealed record CampaignResults
{
    public required Guid CampaignId { get; init; }
    public required string Status { get; init; }
    public required int Recipients { get; init; }

    /// <summary>Recipients whose send (or flow) was published.</summary>
    public required int Published { get; init; }

    /// <summary>Messages the carrier accepted (those later delivered or failed by a receipt included).</summary>
    public required int Sent { get; init; }
    public required int Delivered { get; init; }
    public required int Failed { get; init; }
    public required int Suppressed { get; init; }
    public required IReadOnlyDictionary<string, int> SuppressedByReason { get; init; }

    /// <summary>Recipients Compliance holds until their quiet hours or budget window end.</summary>
    public required int Deferred { get; init; }
    public required int Replies { get; init; }

    /// <summary>Replies ÷ sent; null before anything was sent.</summary>
    public required double? ReplyRate { get; init; }
    public required int KeywordMatches { get; init; }

    /// <summary>Matched replies ÷ replies; null before any reply.</summary>
    public required double? KeywordMatchRate { get; init; }
    public required int OptOuts { get; init; }

    /// <summary>Opt-outs ÷ sent; null before anything was sent.</summary>
    public required double? OptOutRate { get; init; }

    /// <summary>The median of (first reply − sent) over the recipients who replied; null before any reply.</summary>
    public required double? MedianSecondsToReply { get; init; }
    public required int FlowCompletions { get; init; }

    /// <summary>Completed flows ÷ sent, for a campaign that starts a flow; null otherwise or before anything was sent.</summary>
    public required double? FlowCompletionRate { get; init; }
    public required int AgentHandoffs { get; init; }

    /// <summary>Recipients who followed at least one of its tracked links (README, "Link clicks"); a link-preview robot's fetch is not a click.</summary>
    public required int Clicks { get; init; }

    /// <summary>Clicks ÷ sent; null before anything was sent.</summary>
    public required double? ClickRate { get; init; }

    /// <summary>Each tracked link, with the recipients who followed it and every click; empty when the text had no link or tracking is off.</summary>
    public required IReadOnlyList<LinkResult> Links { get; init; }
    public required long SegmentsSent { get; init; }

    /// <summary>Segments sent × the price per segment of each destination country; null when some country has no price.</summary>
    public required decimal? Cost { get; init; }
    public required IReadOnlyList<CountryCost> CostByCountry { get; init; }

    /// <summary>For the reply chart: matched replies per option or keyword, most first, and the replies that matched none.</summary>
    public required IReadOnlyList<ReplyOptionCount> ReplyBreakdown { get; init; }
    public required int UnmatchedReplies { get; init; }

    /// <summary>
    /// The results from the counts and the prices per segment (<c>Campaigns:Prices</c>: ISO country → price, and
    /// <c>Default</c> for the others). Pure.
    /// </summary>
    public static CampaignResults From(Guid campaignId, CampaignResultCounts counts, IReadOnlyDictionary<string, decimal> prices)
    {
        var costs = counts.SegmentsByCountry
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new CountryCost(c.Key.Length == 0 ? null : c.Key, c.Value, PriceOf(c.Key, prices) is { } price ? price * c.Value : null))
            .ToList();
        return new CampaignResults
        {
            CampaignId = campaignId,
            Status = counts.Status,
            Recipients = counts.Recipients,
            Published = counts.Published,
            Sent = counts.Sent,
            Delivered = counts.Delivered,
            Failed = counts.Failed,
            Suppressed = counts.SuppressedByReason.Values.Sum(),
            SuppressedByReason = counts.SuppressedByReason,
            Deferred = counts.Deferred,
            Replies = counts.Replies,
            ReplyRate = Rate(counts.Replies, counts.Sent),
            KeywordMatches = counts.KeywordMatches,
            KeywordMatchRate = Rate(counts.KeywordMatches, counts.Replies),
            OptOuts = counts.OptOuts,
            OptOutRate = Rate(counts.OptOuts, counts.Sent),
            MedianSecondsToReply = counts.MedianSecondsToReply,
            FlowCompletions = counts.FlowCompletions,
            FlowCompletionRate = counts.IsFlow ? Rate(counts.FlowCompletions, counts.Sent) : null,
            AgentHandoffs = counts.Handoffs,
            Clicks = counts.Clicks,
            ClickRate = Rate(counts.Clicks, counts.Sent),
            Links = counts.Links,
            SegmentsSent = counts.SegmentsByCountry.Values.Sum(),
            Cost = costs.Any(c => c.Cost is null) ? null : costs.Sum(c => c.Cost!.Value),
            CostByCountry = costs,
            ReplyBreakdown = counts.RepliesByOption
                .OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => new ReplyOptionCount(o.Key, o.Value))
                .ToList(),
            UnmatchedReplies = Math.Max(0, counts.Replies - counts.KeywordMatches),
        };
    }

    /// <summary>The price of a segment to <paramref name="country"/> (empty: unknown), else the default; null when neither is set.</summary>
    public static decimal? PriceOf(string country, IReadOnlyDictionary<string, decimal> prices) =>
        country.Length > 0 && prices.TryGetValue(country, out var price) ? price
        : prices.TryGetValue("Default", out var fallback) ? fallback
        : null;

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}

/// <summary>Segments sent to one destination country and what they cost; <see cref="Country"/> null for a number no country has.</summary>
public sealed record CountryCost(string? Country, long Segments, decimal? Cost);

/// <summary>A campaign's tracked link in its results: its place among the text's links, where it leads, and who followed it.</summary>
/// <param name="Recipients">Recipients who clicked it at least once.</param>
/// <param name="Clicks">Every click, repeats included (a click reported twice counts twice here, never in <paramref name="Recipients"/>).</param>
public sealed record LinkResult(int Position, string Url, int Recipients, long Clicks);

/// <summary>How many replies matched one option or keyword of the campaign's prompt.</summary>
public sealed record ReplyOptionCount(string Option, int Replies);
