using System.Text.Json;
using Sms.Conversations.Http;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// The Reviews view's rules (<c>wwwroot/inbox/reviews.js</c>), run under node over the API's own
/// <see cref="ConsentReview"/> and <see cref="ConsentReviewDecisionEntry"/> entries: the order of the list, what a row
/// says and offers, the history's lines, and which answer belongs to a click.
/// </summary>
public sealed class ReviewQueueTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static ConsentReview Review(string name, string status, int requestedMinute, int? decidedMinute = null, string? lastDecision = null) => new(
        Guid.NewGuid(), "+447700900" + requestedMinute.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), null, "acme",
        "+15550100000", Guid.NewGuid(), null, name, 0.7, "en", "recogniser:en:verb=stop+object=text", At.AddMinutes(requestedMinute), status,
        lastDecision, decidedMinute is null ? null : "ada", decidedMinute is { } m ? At.AddMinutes(m) : null);

    [Test]
    public async Task Pending_reviews_come_first_longest_waiting_first_then_the_latest_decisions()
    {
        var reviews = new[]
        {
            Review("decided early", "confirmed", 1, 10, "confirm"),
            Review("pending new", "pending", 5),
            Review("decided late", "dismissed", 2, 20, "dismiss"),
            Review("pending old", "pending", 3),
        };

        var order = await RunAsync<string[]>("const { sortReviews } = await import(input.module);" +
            "process.stdout.write(JSON.stringify(sortReviews(input.reviews).map(r => r.text)));", new { reviews });

        Assert.That(order, Is.EqualTo(new[] { "pending old", "pending new", "decided late", "decided early" }));
    }

    [Test]
    public async Task A_review_decided_in_this_browser_keeps_its_place_among_the_pending_ones()
    {
        var decidedHere = Review("decided here", "confirmed", 4, 30, "confirm");
        var reviews = new[] { Review("pending new", "pending", 5), decidedHere, Review("pending old", "pending", 3), Review("decided elsewhere", "dismissed", 1, 40, "dismiss") };

        var order = await RunAsync<string[]>("const { sortReviews } = await import(input.module);" +
            "process.stdout.write(JSON.stringify(sortReviews(input.reviews, new Set(input.here)).map(r => r.text)));",
            new { reviews, here = new[] { decidedHere.ReviewId } });

        Assert.That(order, Is.EqualTo(new[] { "pending old", "decided here", "pending new", "decided elsewhere" }));
    }

    [TestCase("pending", null, null, "confirm dismiss")]
    [TestCase("confirmed", "confirm", "Opt-out confirmed by ada", "undo")]
    [TestCase("dismissed", "dismiss", "Dismissed by ada", "undo")]
    [TestCase("pending", "undo", "Undone by ada", "confirm dismiss")]
    public async Task A_row_says_who_made_the_latest_decision_and_offers_what_applies(string status, string? lastDecision, string? line, string decisions)
    {
        var review = Review("text", status, 1, lastDecision is null ? null : 2, lastDecision);

        var shown = await RunAsync<JsonElement>("const { decisionLine, decisionsFor } = await import(input.module);" +
            "process.stdout.write(JSON.stringify({ line: decisionLine(input.review), decisions: decisionsFor(input.review).join(' ') }));", new { review });

        Assert.That(shown.GetProperty("line").ValueKind == JsonValueKind.Null ? null : shown.GetProperty("line").GetString(), Is.EqualTo(line));
        Assert.That(shown.GetProperty("decisions").GetString(), Is.EqualTo(decisions));
    }

    [Test]
    public async Task The_history_names_each_decision_and_what_did_not_apply_and_a_click_finds_its_own_answer()
    {
        var mine = Guid.NewGuid();
        var history = new[]
        {
            new ConsentReviewDecisionEntry(Guid.NewGuid(), "confirm", "confirmed", true, "grace", At),
            new ConsentReviewDecisionEntry(mine, "confirm", "confirmed", false, "ada", At.AddMinutes(1)),
            new ConsentReviewDecisionEntry(Guid.NewGuid(), "undo", "pending", true, "ada", At.AddMinutes(2)),
        };

        var shown = await RunAsync<JsonElement>("const { historyLine, answerTo } = await import(input.module);" +
            "process.stdout.write(JSON.stringify({ lines: input.history.map(historyLine), mine: answerTo({ history: input.history }, input.mine)?.decidedBy ?? null," +
            " other: answerTo({ history: input.history }, input.other) }));",
            new { history, mine, other = Guid.NewGuid() });

        Assert.That(shown.GetProperty("lines").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[]
        {
            "Confirmed by grace", "Confirmed by ada — not applied (it was confirmed already)", "Undone by ada",
        }));
        Assert.That(shown.GetProperty("mine").GetString(), Is.EqualTo("ada"));
        Assert.That(shown.GetProperty("other").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    private static async Task<T> RunAsync<T>(string body, object payload) =>
        JsonSerializer.Deserialize<T>(await InboxModule.RunAsync("reviews.js", body, payload))!;
}
