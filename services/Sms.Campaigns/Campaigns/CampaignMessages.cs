using Sms.Campaigns.Content;
using Sms.Campaigns.Data;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;

namespace Sms.Campaigns.Campaigns;

/// <summary>
/// What a campaign publishes for one recipient: a <see cref="SendSms"/> of its text rendered for them, or a
/// <see cref="StartFlow"/> of its flow. A send carries the campaign's prompt, so the Router opens a session for the
/// recipient and classifies their reply against its options (<c>ReplyClassified</c> with the campaign's id: the
/// results' keyword match rate and reply breakdown). The recipient's message id is the message's id (the flow run's
/// id), so the same recipient always gets the same message, however often it is published. With
/// <see cref="SentLinks"/>, the text's links go out tracked (README, "Link clicks"). Pure.
/// </summary>
public static class CampaignMessages
{
    public static SendSms Send(Campaign campaign, PlannedRecipient recipient, DateTimeOffset now, SentLinks? links = null) => new()
    {
        MessageId = recipient.MessageId,
        To = recipient.Number,
        From = campaign.From,
        Text = Text(campaign, recipient, links),
        Category = campaign.Category,
        CampaignId = campaign.Id.ToString(),
        Prompt = campaign.Prompt,
        Origin = SmsOrigin.Automation,
        RequestedAt = now,
    };

    /// <summary>
    /// The campaign's text for this recipient (<see cref="MessageTemplate"/>): planning put the contact's name under
    /// <c>name</c> in the recipient's attributes, beside its own. Links are tracked before placeholders are filled, so a
    /// link that arrives in an attribute's value goes as written.
    /// </summary>
    public static string Text(Campaign campaign, PlannedRecipient recipient, SentLinks? links = null) =>
        new MessageTemplate(links is null ? campaign.Text ?? "" : links.TextFor(campaign.Text ?? "", recipient.MessageId))
            .Render(recipient.Attributes.ToDictionary(a => a.Key, a => (string?)a.Value), recipient.Attributes.GetValueOrDefault("name"))
            .Text;

    public static StartFlow Flow(Campaign campaign, PlannedRecipient recipient, DateTimeOffset now) => new()
    {
        FlowRunId = recipient.MessageId,
        FlowName = campaign.FlowName!,
        CustomerNumber = recipient.Number,
        BusinessNumber = campaign.From,
        CampaignId = campaign.Id.ToString(),
        Context = recipient.Attributes,
        RequestedAt = now,
    };
}
