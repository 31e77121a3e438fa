using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Tests.Campaigns;

/// <summary>What the dispatcher publishes for one planned recipient: the text rendered for them, with the campaign's ids.</summary>
public sealed class CampaignMessagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static Campaign CampaignOf(string text) => new()
    {
        Id = Guid.NewGuid(), Name = "Winter sale", Status = CampaignStatus.Running, Text = text, From = "+15550100001",
        CreatedBy = "test", CreatedAt = Now,
    };

    private static PlannedRecipient Recipient(params (string Key, string Value)[] attributes) =>
        new("+15550123456", Guid.NewGuid(), attributes.ToDictionary(a => a.Key, a => a.Value), Now);

    [TestCase("Hi {first_name|there}, {tier} members save 20%.", "Hi Ada, gold members save 20%.")]
    [TestCase("Hi {FIRST_NAME}!", "Hi Ada!")]
    [TestCase("Hi {nickname|friend}!", "Hi friend!")]
    public void The_text_is_rendered_from_the_recipients_attributes_and_the_contacts_name(string text, string expected)
    {
        var send = CampaignMessages.Send(CampaignOf(text), Recipient(("name", "Ada Lovelace"), ("tier", "gold")), Now);

        Assert.That(send.Text, Is.EqualTo(expected));
    }

    [Test]
    public void A_send_carries_the_recipients_message_id_the_campaign_and_its_category()
    {
        var campaign = CampaignOf("Sale today. Reply STOP to opt out");
        var recipient = Recipient();

        var send = CampaignMessages.Send(campaign, recipient, Now);

        Assert.Multiple(() =>
        {
            Assert.That(send.MessageId, Is.EqualTo(recipient.MessageId), "the same recipient always gets the same message");
            Assert.That(send.CampaignId, Is.EqualTo(campaign.Id.ToString()));
            Assert.That(send.Category, Is.EqualTo(SmsCategory.Marketing));
            Assert.That(send.To, Is.EqualTo(recipient.Number));
            Assert.That(send.From, Is.EqualTo(campaign.From));
        });
    }

    [Test]
    public void Links_are_tracked_before_placeholders_are_filled_so_a_link_in_an_attribute_goes_as_written()
    {
        var tracking = new Sms.Campaigns.Content.LinkTracking("https://go.example.com/l/", "a-key");
        var recipient = Recipient(("name", "Ada"), ("page", "https://ada.example.com/me"));

        var send = CampaignMessages.Send(CampaignOf("Hi {name}: https://shop.example.com/x and {page}"), recipient, Now,
            new Sms.Campaigns.Content.SentLinks(tracking, [42]));

        Assert.That(send.Text, Is.EqualTo(
            $"Hi Ada: https://go.example.com/l/{Sms.ServiceDefaults.Security.TrackedLinkCode.Issue(42, recipient.MessageId, "a-key")} and https://ada.example.com/me"));
    }
}
