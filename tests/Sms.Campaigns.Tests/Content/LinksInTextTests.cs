using Sms.Campaigns.Content;
using Sms.ServiceDefaults.Security;

namespace Sms.Campaigns.Tests.Content;

/// <summary>What a text's links are (<see cref="LinksInText"/>) and how tracking rewrites them (<see cref="LinkTracking"/>).</summary>
public sealed class LinksInTextTests
{
    private const string Key = "a-test-link-signing-key";
    private static readonly LinkTracking Tracking = new("https://go.example.com/l", Key);

    [TestCase("Sale at https://shop.example.com/spring", "https://shop.example.com/spring")]
    [TestCase("Sale at http://shop.example.com", "http://shop.example.com")]
    [TestCase("Sale at www.example.com", "https://www.example.com")]
    [TestCase("Sale at shop.example.com/spring?utm=sms&x=1", "https://shop.example.com/spring?utm=sms&x=1")]
    [TestCase("See https://shop.example.com/spring.", "https://shop.example.com/spring")]
    [TestCase("See https://shop.example.com/spring, or call", "https://shop.example.com/spring")]
    [TestCase("Really? https://shop.example.com/q?a=1!", "https://shop.example.com/q?a=1")]
    [TestCase("(see https://shop.example.com/spring)", "https://shop.example.com/spring")]
    [TestCase("see https://en.example.org/wiki/Sale_(event)", "https://en.example.org/wiki/Sale_(event)")]
    [TestCase("at https://shop.example.com:8443/spring now", "https://shop.example.com:8443/spring")]
    [TestCase("“https://shop.example.com/spring”", "https://shop.example.com/spring")]
    public void A_link_leads_to_its_absolute_address_without_the_sentences_punctuation(string text, string destination)
    {
        Assert.That(LinksInText.Find(text).Select(l => l.Destination), Is.EqualTo(new[] { destination }));
    }

    [TestCase("Write to ada@example.com")]
    [TestCase("Acme.com is our name")]
    [TestCase("Version 2.5 is out")]
    [TestCase("Your code is {code}")]
    public void What_a_phone_would_not_open_is_no_destination(string text)
    {
        Assert.That(LinksInText.Find(text).Select(l => l.Destination).OfType<string>(), Is.Empty);
    }

    [Test]
    public void A_link_with_a_placeholder_in_it_differs_per_recipient_and_is_not_tracked()
    {
        const string text = "Your offer: https://shop.example.com/o?c={code|none} Reply STOP to opt out";

        Assert.Multiple(() =>
        {
            Assert.That(LinksInText.Find(text).Single().Destination, Is.Null);
            Assert.That(Tracking.Destinations(text), Is.Empty);
            Assert.That(Tracking.Track(text, [], Guid.NewGuid()), Is.EqualTo(text));
        });
    }

    [Test]
    public void The_same_address_twice_is_one_link_and_each_occurrence_is_tracked()
    {
        const string text = "https://a.example.com/x then www.b.example.com and https://a.example.com/x again";
        var messageId = Guid.NewGuid();

        var destinations = Tracking.Destinations(text);
        var tracked = Tracking.Track(text, [7, 8], messageId);
        var a = "https://go.example.com/l/" + TrackedLinkCode.Issue(7, messageId, Key);
        var b = "https://go.example.com/l/" + TrackedLinkCode.Issue(8, messageId, Key);

        Assert.Multiple(() =>
        {
            Assert.That(destinations, Is.EqualTo(new[] { "https://a.example.com/x", "https://www.b.example.com" }));
            Assert.That(tracked, Is.EqualTo($"{a} then {b} and {a} again"));
        });
    }

    [Test]
    public void Without_a_base_or_a_key_tracking_is_off_and_text_goes_as_written()
    {
        const string text = "Sale at https://shop.example.com/spring";

        Assert.Multiple(() =>
        {
            Assert.That(new LinkTracking(null, Key).IsOn, Is.False);
            Assert.That(new LinkTracking("https://go.example.com/l/", "").IsOn, Is.False);
            Assert.That(new LinkTracking(null, Key).Destinations(text), Is.Empty);
            Assert.That(new LinkTracking(null, Key).TrackLongest(text, 0), Is.EqualTo(text));
            Assert.That(Tracking.IsOn, Is.True);
            Assert.That(Tracking.Host, Is.EqualTo("go.example.com"));
        });
    }

    [Test]
    public void Giving_the_wrong_number_of_link_ids_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => Tracking.Track("https://a.example.com/x", [1, 2], Guid.NewGuid()));
    }
}
