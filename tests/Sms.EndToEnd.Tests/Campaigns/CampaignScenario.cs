using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sms.Contracts.Compliance;
using Sms.Contracts.Routing;

namespace Sms.EndToEnd.Tests.Campaigns;

/// <summary>
/// What a campaign test does to the platform, the way its users do it: contacts made through the services that own
/// each part (a name through Conversations' contact API, labels and engagement points as the Router earns them with
/// <see cref="ContactProfileChanged"/>, marketing consent and the time zone through Compliance's consent API), then a
/// segment, a campaign and its results through Campaigns' API. Every test names its contacts with a label of its own:
/// the test database outlives runs.
/// </summary>
public static class CampaignScenario
{
    /// <summary>A label no other test (nor an earlier run) uses.</summary>
    public static string UniqueLabel(string what) => $"e2e-{what}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>
    /// A contact of the test: labelled, with an engagement score earned as the Router awards points, optionally named,
    /// optionally opted in to marketing, in a time zone of the test's choosing.
    /// </summary>
    public static async Task ContactAsync(string number, string label, int engagement = 0, string? name = null, bool marketing = true, string? timeZone = null)
    {
        if (timeZone is not null) await SetTimeZoneAsync(number, timeZone);
        if (name is not null)
        {
            using var named = await Platform.Conversations.PutAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(number)}", new { name });
            Assert.That(named.StatusCode, Is.EqualTo(HttpStatusCode.OK), await named.Content.ReadAsStringAsync());
        }
        await Platform.Bus.Publish(new ContactProfileChanged
        {
            ChangeId = Guid.NewGuid(),
            CustomerNumber = number,
            BusinessNumber = Platform.BusinessNumber,
            AddLabels = [label],
            EngagementPoints = engagement,
            Reasons = ["reply"],
            ChangedAt = DateTimeOffset.UtcNow,
        });
        if (marketing) await OptInAsync(number);
    }

    /// <summary>Express consent to marketing through Compliance's API, awaited until the ledger announced it.</summary>
    public static async Task OptInAsync(string number)
    {
        using var optIn = await Platform.Compliance.PostAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/opt-in",
            new { expressConsent = true, evidence = "Ticked 'Send me offers by SMS' on the signup form" });
        Assert.That(optIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), await optIn.Content.ReadAsStringAsync());
        await Platform.Events.WaitForAsync<OptInRecorded>(e => e.Number == number && e.Source == ConsentSource.Api);
    }

    /// <summary>The contact's own time zone, kept by Compliance (quiet hours) and followed by Campaigns (local-time schedules).</summary>
    public static async Task SetTimeZoneAsync(string number, string zone)
    {
        using var response = await Platform.Compliance.PutAsJsonAsync($"/v1/consent/{Uri.EscapeDataString(number)}/time-zone", new { timeZone = zone });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// A fixed-offset zone (<c>Etc/GMT±N</c>) whose clock shows <paramref name="localHour"/> o'clock now, give or take
    /// the minutes: quiet hours (08:00–21:00 allowed by default) are chosen, not met by chance, whenever the suite runs.
    /// </summary>
    public static string ZoneWhereItIsNow(int localHour) => EtcZone(OffsetWhereItIsNow(localHour));

    /// <summary>The offset from UTC, in hours (−12 to +14, the range of real zones), at which it is <paramref name="localHour"/> o'clock now.</summary>
    public static int OffsetWhereItIsNow(int localHour)
    {
        var offset = localHour - DateTimeOffset.UtcNow.Hour;
        return offset < -12 ? offset + 24 : offset > 14 ? offset - 24 : offset;
    }

    /// <summary>IANA's fixed-offset zone for a whole-hour offset; its name has the sign reversed (Etc/GMT-9 is UTC+9).</summary>
    public static string EtcZone(int offsetHours) => offsetHours switch
    {
        0 => "Etc/GMT",
        > 0 => string.Create(CultureInfo.InvariantCulture, $"Etc/GMT-{offsetHours}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"Etc/GMT+{-offsetHours}"),
    };

    /// <summary>Previews a segment definition until Campaigns' copy of the contacts shows <paramref name="expected"/> of them (events arrive asynchronously).</summary>
    public static Task<SegmentPreview> PreviewUntilAsync(object definition, int expected) =>
        Eventually.MatchesAsync(async () =>
        {
            using var response = await Platform.Campaigns.PostAsJsonAsync("/v1/segments/preview", new { definition });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<SegmentPreview>())!;
        }, p => p.Count == expected, $"The segment's preview counting {expected}", TimeSpan.FromSeconds(60));

    /// <summary>Saves a segment; its id.</summary>
    public static async Task<Guid> SegmentAsync(string name, object definition)
    {
        using var response = await Platform.Campaigns.PostAsJsonAsync("/v1/segments", new { name, definition });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Identified>())!.Id;
    }

    /// <summary>Creates a draft campaign (<paramref name="campaign"/>: the API's fields); its id.</summary>
    public static async Task<Guid> DraftAsync(object campaign)
    {
        using var response = await Platform.Campaigns.PostAsJsonAsync("/v1/campaigns", campaign);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<Identified>())!.Id;
    }

    /// <summary>Launch, pause, resume or cancel.</summary>
    public static async Task ActAsync(Guid campaign, string action)
    {
        using var response = await Platform.Campaigns.PostAsync($"/v1/campaigns/{campaign}/{action}", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    public static async Task<DryRun> DryRunAsync(Guid campaign)
    {
        using var response = await Platform.Campaigns.PostAsync($"/v1/campaigns/{campaign}/dry-run", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DryRun>())!;
    }

    public static async Task<Results> ResultsAsync(Guid campaign) =>
        (await Platform.Campaigns.GetFromJsonAsync<Results>($"/v1/campaigns/{campaign}/results"))!;

    /// <summary>Waits until the campaign's results satisfy <paramref name="condition"/> (they follow the platform's events).</summary>
    public static Task<Results> ResultsUntilAsync(Guid campaign, Func<Results, bool> condition, string what, TimeSpan? timeout = null) =>
        Eventually.MatchesAsync(() => ResultsAsync(campaign), condition, what, timeout ?? TimeSpan.FromSeconds(60));

    public static async Task<Recipient> RecipientAsync(Guid campaign, string number) =>
        (await Platform.Campaigns.GetFromJsonAsync<Recipient>($"/v1/campaigns/{campaign}/recipients/{Uri.EscapeDataString(number)}"))!;

    /// <summary>How the recipient endpoint answers for the number: 200 for a recipient, 404 for a number the campaign does not have.</summary>
    public static async Task<HttpStatusCode> RecipientStatusAsync(Guid campaign, string number)
    {
        using var response = await Platform.Campaigns.GetAsync($"/v1/campaigns/{campaign}/recipients/{Uri.EscapeDataString(number)}");
        return response.StatusCode;
    }

    public sealed record Identified(Guid Id);

    public sealed record SegmentPreview(int Count, List<JsonElement> Sample)
    {
        public override string ToString() => $"{Count} ({string.Join(", ", Sample)})";
    }

    public sealed record DryRun(int Recipients, int Approved, Dictionary<string, int> Suppressed, int Deferred, int Held, int InvalidNumbers, int Duplicates)
    {
        public override string ToString() =>
            $"recipients {Recipients}, approved {Approved}, suppressed {{{string.Join(", ", Suppressed.Select(s => $"{s.Key}: {s.Value}"))}}}, deferred {Deferred}, held {Held}";
    }

    public sealed record Results(
        string Status, int Recipients, int Published, int Sent, int Delivered, int Failed, int Suppressed,
        Dictionary<string, int> SuppressedByReason, int Deferred, int Replies, int OptOuts, int FlowCompletions,
        double? FlowCompletionRate, int AgentHandoffs, int Clicks, double? ClickRate, List<LinkResult> Links)
    {
        public override string ToString() =>
            $"{Status}: recipients {Recipients}, published {Published}, sent {Sent}, delivered {Delivered}, failed {Failed}, " +
            $"suppressed {{{string.Join(", ", SuppressedByReason.Select(s => $"{s.Key}: {s.Value}"))}}}, deferred {Deferred}, " +
            $"replies {Replies}, opt-outs {OptOuts}, flow completions {FlowCompletions}, hand-offs {AgentHandoffs}, clicks {Clicks} " +
            $"[{string.Join(", ", Links ?? [])}]";
    }

    public sealed record LinkResult(int Position, string Url, int Recipients, long Clicks);

    public sealed record Recipient(
        string Number, string State, string? Reason, Guid MessageId, DateTimeOffset DueAt, string? TimeZone, DateTimeOffset? DueAtLocal,
        DateTimeOffset? PublishedAt, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? RepliedAt);
}
