using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Tests.Webhooks;

/// <summary>When this instance may answer "which event types does any subscription want" without asking the database.</summary>
public sealed class WebhookInterestTests
{
    private static readonly IReadOnlySet<string> Received = new HashSet<string> { WebhookEventTypes.MessageReceived };

    [Test]
    public void Nothing_is_kept_while_no_listener_hears_the_changes_of_other_instances()
    {
        var interest = new WebhookInterest();
        interest.TryGetWanted(out _, out var token);
        interest.Loaded(token, Received);

        Assert.That(interest.TryGetWanted(out _, out _), Is.False);
    }

    [Test]
    public void What_was_read_serves_until_a_change_is_heard()
    {
        var interest = new WebhookInterest();
        interest.Listening(true);
        interest.TryGetWanted(out _, out var token);
        interest.Loaded(token, Received);

        Assert.That(interest.TryGetWanted(out var wanted, out _), Is.True);
        Assert.That(wanted, Is.EquivalentTo(Received));

        interest.Changed();
        Assert.That(interest.TryGetWanted(out _, out _), Is.False);
    }

    [Test]
    public void A_read_that_began_before_a_change_is_not_kept()
    {
        var interest = new WebhookInterest();
        interest.Listening(true);
        interest.TryGetWanted(out _, out var token);
        interest.Changed(); // while the read was under way
        interest.Loaded(token, Received);

        Assert.That(interest.TryGetWanted(out _, out _), Is.False);
    }

    [Test]
    public void A_lost_listener_drops_what_was_kept()
    {
        var interest = new WebhookInterest();
        interest.Listening(true);
        interest.TryGetWanted(out _, out var token);
        interest.Loaded(token, Received);

        interest.Listening(false);

        Assert.That(interest.TryGetWanted(out _, out _), Is.False);
    }
}
