using Sms.Router.Engagement;
using Sms.Router.Extensions;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Engagement;

public class EngagementScorerTests
{
    private static readonly EngagementScorer Defaults = new(new EngagementOptions());

    [TestCase("I want to buy the red one", true)]
    [TestCase("What's the PRICE?", true)]
    [TestCase("how much for two?", true)]
    [TestCase("Can I order another?", true)]
    [TestCase("how   much", true)]
    [TestCase("buyer beware", false)]
    [TestCase("much appreciated, how are you", false)]
    [TestCase("priceless", false)]
    [TestCase("", false)]
    public void Purchase_intent_is_a_keyword_or_phrase_as_whole_words(string text, bool expected)
    {
        Assert.That(Defaults.ShowsPurchaseIntent(text), Is.EqualTo(expected));
    }

    [TestCase(true, "ok thanks", 8, new[] { "reply" })]
    [TestCase(true, "yes, what's the price?", 20, new[] { "reply", "purchase_intent" })]
    [TestCase(false, "what's the price?", 12, new[] { "purchase_intent" })]
    public void A_message_scores_by_the_default_weights(bool answeredSession, string text, int points, string[] reasons)
    {
        var message = Inbound("+15559990001", text);

        var change = Defaults.ForMessage(message, answeredSession, flow: null, DateTimeOffset.UtcNow)!;

        Assert.Multiple(() =>
        {
            Assert.That(change.EngagementPoints, Is.EqualTo(points));
            Assert.That(change.Reasons, Is.EqualTo(reasons));
            Assert.That(change.ChangeId, Is.EqualTo(Sms.ServiceDefaults.Messaging.MessageIds.Derive(message.MessageId, EngagementScorer.ChangePurpose)));
        });
    }

    [Test]
    public void A_message_that_answers_nothing_and_wants_nothing_changes_nothing()
    {
        Assert.That(Defaults.ForMessage(Inbound("+15559990001", "hello?"), answeredSession: false, flow: null, DateTimeOffset.UtcNow), Is.Null);
    }

    [Test]
    public void Weights_of_zero_switch_the_points_off()
    {
        var scorer = new EngagementScorer(new EngagementOptions { ReplyPoints = 0, PurchaseIntentPoints = 0 });

        Assert.That(scorer.ForMessage(Inbound("+15559990001", "buy"), answeredSession: true, flow: null, DateTimeOffset.UtcNow), Is.Null);
    }
}
