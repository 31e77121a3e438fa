using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Consumers;

/// <summary>
/// The review queue kept from Compliance's events: a review waits once however often it is delivered, each decision
/// is recorded once with who made it, and the review shows the newest decision that applied, whatever order they arrive in.
/// </summary>
public sealed class ConsentReviewTests : ConsumerTest
{
    private DateTimeOffset _t0;

    [SetUp]
    public void StartClock() =>
        // Whole milliseconds: PostgreSQL keeps microseconds, so stored instants compare equal.
        _t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());

    private ConsentReviewStore Reviews => Bus.Get<ConsentReviewStore>();

    /// <summary>The customer's uncertain message stored in its thread, and Compliance's review of it.</summary>
    private async Task<ConsentReviewRequested> RequestedAsync(string text = "stop texting me the wrong time")
    {
        var inbound = Events.Inbound(text, _t0);
        await Bus.PublishAsync(inbound);
        var review = Events.ReviewRequested(inbound);
        await Bus.PublishAsync(review);
        return review;
    }

    [Test]
    public async Task A_review_waits_in_the_queue_with_the_customers_message_and_its_conversation()
    {
        var review = await RequestedAsync();

        var row = await Reviews.GetAsync(review.ReviewId, CancellationToken.None);
        var pending = await Reviews.ListAsync(["pending"], 200, CancellationToken.None);
        Assert.That(row, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(row!.Status, Is.EqualTo("pending"));
            Assert.That(row.Text, Is.EqualTo("stop texting me the wrong time"));
            Assert.That(row.ConversationId, Is.Not.Null);
            Assert.That(row.Number, Is.EqualTo(Events.Customer));
            Assert.That(row.BusinessNumber, Is.EqualTo(Events.Business));
            Assert.That(row.Scope, Is.EqualTo("acme"));
            Assert.That(row.Score, Is.EqualTo(0.6));
            Assert.That(row.Language, Is.EqualTo("en"));
            Assert.That(row.Rule, Is.EqualTo(review.Rule));
            Assert.That(row.RequestedAt, Is.EqualTo(review.RequestedAt.UtcDateTime));
            Assert.That(row.DecidedBy, Is.Null);
            Assert.That(pending.Select(r => r.ReviewId), Does.Contain(review.ReviewId));
        });
    }

    [Test]
    public async Task A_review_delivered_twice_is_stored_once_and_a_redelivery_does_not_undo_a_decision()
    {
        var review = await RequestedAsync();
        await Bus.PublishAsync(Events.ReviewDecided(review, ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, _t0.AddMinutes(1)));

        await Bus.PublishAsync(review);

        var rows = await Bus.QueryAsync<int>("SELECT count(*)::int FROM conversations.consent_reviews WHERE review_id = @ReviewId", new { review.ReviewId });
        Assert.That(rows.Single(), Is.EqualTo(1));
        Assert.That((await Reviews.GetAsync(review.ReviewId, CancellationToken.None))!.Status, Is.EqualTo("confirmed"));
    }

    [Test]
    public async Task A_decision_shows_who_made_it_and_when_and_is_recorded_once_however_often_it_is_delivered()
    {
        var review = await RequestedAsync();
        var confirmed = Events.ReviewDecided(review, ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, _t0.AddMinutes(1), "grace");

        await Bus.PublishAsync(confirmed);
        await Bus.PublishAsync(confirmed);

        var row = await Reviews.GetAsync(review.ReviewId, CancellationToken.None);
        var history = await Reviews.HistoryAsync(review.ReviewId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(row!.Status, Is.EqualTo("confirmed"));
            Assert.That(row.LastDecision, Is.EqualTo("confirm"));
            Assert.That(row.DecidedBy, Is.EqualTo("grace"));
            Assert.That(row.DecidedAt, Is.EqualTo(confirmed.DecidedAt.UtcDateTime));
            Assert.That(history.Select(d => (d.RequestId, d.Decision, d.Status, d.Applied, d.DecidedBy)),
                Is.EqualTo(new[] { (confirmed.RequestId, "confirm", "confirmed", true, "grace") }));
        });
    }

    [Test]
    public async Task An_undo_returns_the_review_to_pending_and_is_recorded_with_who_undid_it()
    {
        var review = await RequestedAsync();
        var confirmed = Events.ReviewDecided(review, ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, _t0.AddMinutes(1), "grace");
        var undone = Events.ReviewDecided(review, ConsentReviewDecision.Undo, ConsentReviewStatus.Pending, _t0.AddMinutes(2), "ada");

        await Bus.PublishAsync(confirmed);
        await Bus.PublishAsync(undone);

        var row = await Reviews.GetAsync(review.ReviewId, CancellationToken.None);
        var history = await Reviews.HistoryAsync(review.ReviewId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(row!.Status, Is.EqualTo("pending"));
            Assert.That(row.LastDecision, Is.EqualTo("undo"));
            Assert.That(row.DecidedBy, Is.EqualTo("ada"));
            Assert.That(history.Select(d => d.Decision), Is.EqualTo(new[] { "confirm", "undo" }));
        });
    }

    [Test]
    public async Task An_older_decision_arriving_late_is_recorded_but_does_not_overwrite_the_newer_one()
    {
        var review = await RequestedAsync();
        var dismissed = Events.ReviewDecided(review, ConsentReviewDecision.Dismiss, ConsentReviewStatus.Dismissed, _t0.AddMinutes(1), "grace");
        var undone = Events.ReviewDecided(review, ConsentReviewDecision.Undo, ConsentReviewStatus.Pending, _t0.AddMinutes(2), "ada");
        var confirmed = Events.ReviewDecided(review, ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, _t0.AddMinutes(3), "ada");

        await Bus.PublishAsync(confirmed);
        await Bus.PublishAsync(dismissed);
        await Bus.PublishAsync(undone);

        var row = await Reviews.GetAsync(review.ReviewId, CancellationToken.None);
        var history = await Reviews.HistoryAsync(review.ReviewId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(row!.Status, Is.EqualTo("confirmed"));
            Assert.That(row.LastDecision, Is.EqualTo("confirm"));
            Assert.That(row.DecidedAt, Is.EqualTo(confirmed.DecidedAt.UtcDateTime));
            Assert.That(history.Select(d => d.Decision), Is.EqualTo(new[] { "dismiss", "undo", "confirm" }), "the history in decision order");
        });
    }

    [Test]
    public async Task A_decision_that_did_not_apply_is_recorded_as_such_and_leaves_the_shown_decision_alone()
    {
        var review = await RequestedAsync();
        var confirmed = Events.ReviewDecided(review, ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, _t0.AddMinutes(1), "grace");
        var again = Events.ReviewDecided(review, ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, _t0.AddMinutes(2), "ada", applied: false);

        await Bus.PublishAsync(confirmed);
        await Bus.PublishAsync(again);

        var row = await Reviews.GetAsync(review.ReviewId, CancellationToken.None);
        var history = await Reviews.HistoryAsync(review.ReviewId, CancellationToken.None);
        Assert.That(row!.DecidedBy, Is.EqualTo("grace"));
        Assert.That(history.Select(d => (d.DecidedBy, d.Applied)), Is.EqualTo(new[] { ("grace", true), ("ada", false) }));
    }

    [Test]
    public async Task A_decision_consumed_before_its_review_is_what_the_review_starts_from()
    {
        var inbound = Events.Inbound("please stop texting me the wrong time", _t0);
        var review = Events.ReviewRequested(inbound);
        var dismissed = Events.ReviewDecided(review, ConsentReviewDecision.Dismiss, ConsentReviewStatus.Dismissed, _t0.AddMinutes(1), "grace");

        await Bus.PublishAsync(dismissed);
        await Bus.PublishAsync(review);

        var row = await Reviews.GetAsync(review.ReviewId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(row!.Status, Is.EqualTo("dismissed"));
            Assert.That(row.DecidedBy, Is.EqualTo("grace"));
            Assert.That(row.Text, Is.Null, "the message is not in the thread yet");
        });
    }
}
