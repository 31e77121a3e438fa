using Sms.Conversations.Http;

namespace Sms.Conversations.Tests.Http;

public sealed class ConversationListQueryTests
{
    [Test]
    public void No_parameters_mean_every_status_newest_first_default_page()
    {
        Assert.That(ConversationListQuery.TryParse(null, null, null, out var query, out _), Is.True);
        Assert.That(query, Is.EqualTo(new ConversationListQuery(null, ConversationListQuery.DefaultLimit, null)));
    }

    [TestCase("open")]
    [TestCase("waiting_on_agent")]
    [TestCase("resolved")]
    public void Known_statuses_filter(string status)
    {
        Assert.That(ConversationListQuery.TryParse(status, "10", null, out var query, out _), Is.True);
        Assert.That(query!.Status, Is.EqualTo(status));
        Assert.That(query.Limit, Is.EqualTo(10));
    }

    [Test]
    public void Before_is_read_as_an_instant()
    {
        Assert.That(ConversationListQuery.TryParse(null, null, "2025-01-31T09:30:00Z", out var query, out _), Is.True);
        Assert.That(query!.Before, Is.EqualTo(new DateTimeOffset(2025, 1, 31, 9, 30, 0, TimeSpan.Zero)));
    }

    [TestCase("closed", null, null, "status")]
    [TestCase("OPEN", null, null, "status")]
    [TestCase(null, "0", null, "limit")]
    [TestCase(null, "201", null, "limit")]
    [TestCase(null, "-1", null, "limit")]
    [TestCase(null, "ten", null, "limit")]
    [TestCase(null, null, "yesterday", "before")]
    public void Bad_values_name_the_parameter(string? status, string? limit, string? before, string parameter)
    {
        Assert.That(ConversationListQuery.TryParse(status, limit, before, out var query, out var errors), Is.False);
        Assert.That(query, Is.Null);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { parameter }));
    }
}
