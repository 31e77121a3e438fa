using Sms.Conversations.Http;

namespace Sms.Conversations.Tests.Http;

/// <summary>The checks of the review queue's list query and of a decision (<see cref="ConsentReviewListQueryValidator"/>, <see cref="ConsentReviewDecisionValidator"/>).</summary>
public sealed class ConsentReviewQueryTests
{
    [Test]
    public void No_parameters_mean_the_pending_reviews_and_the_default_page()
    {
        Assert.That(ConsentReviewListQueryValidator.TryParse(null, null, out var query, out _), Is.True);
        Assert.That(query!.Statuses, Is.EqualTo(new[] { "pending" }));
        Assert.That(query.Limit, Is.EqualTo(InputLimits.DefaultPageSize));
    }

    [TestCase("pending", new[] { "pending" })]
    [TestCase("confirmed", new[] { "confirmed" })]
    [TestCase("dismissed", new[] { "dismissed" })]
    [TestCase("decided", new[] { "confirmed", "dismissed" })]
    public void A_status_names_the_statuses_listed(string status, string[] statuses)
    {
        Assert.That(ConsentReviewListQueryValidator.TryParse(status, "1", out var query, out _), Is.True);
        Assert.That(query!.Statuses, Is.EqualTo(statuses));
        Assert.That(query.Limit, Is.EqualTo(1));
    }

    [Test]
    public void All_lists_every_status() =>
        Assert.That(ConsentReviewListQueryValidator.TryParse("all", "200", out var query, out _) && query!.Statuses is null, Is.True);

    [TestCase("Pending", null, "status")]
    [TestCase("undone", null, "status")]
    [TestCase(null, "0", "limit")]
    [TestCase(null, "201", "limit")]
    [TestCase(null, "-1", "limit")]
    [TestCase(null, "1e2", "limit")]
    public void A_bad_value_is_refused_naming_its_parameter(string? status, string? limit, string parameter)
    {
        Assert.That(ConsentReviewListQueryValidator.TryParse(status, limit, out var query, out var errors), Is.False);
        Assert.That(query, Is.Null);
        Assert.That(errors.Keys, Is.EqualTo(new[] { parameter }));
    }

    [TestCase("", true)]
    [TestCase("a-click", true)]
    [TestCase(null, false)]
    public void A_decision_needs_at_most_a_short_idempotency_key(string? key, bool valid) =>
        Assert.That(ConsentReviewDecisionValidator.Validate(key ?? new string('k', InputLimits.IdempotencyKeyLength + 1)).Count == 0, Is.EqualTo(valid));
}
