using Sms.Compliance.Extensions;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Keywords;

/// <summary>The reply to a keyword: confirmation of an opt-out or opt-in, or the help text. Pure.</summary>
public sealed class KeywordReplies(ComplianceOptions program, ReplyOptions replies)
{
    /// <summary>The purpose the reply's id is derived for, from the inbound message's id.</summary>
    public const string Purpose = "compliance-reply";

    public string TextFor(KeywordIntent intent)
    {
        var template = intent switch
        {
            KeywordIntent.OptOut => replies.OptOut,
            KeywordIntent.OptIn => replies.OptIn,
            KeywordIntent.Help => replies.Help,
            _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, "Only keywords are answered."),
        };
        return template
            .Replace("{ProgramName}", program.ProgramName, StringComparison.Ordinal)
            .Replace("{SupportContact}", program.SupportContact, StringComparison.Ordinal);
    }

    /// <summary>
    /// The reply to <paramref name="inbound"/>: to the customer, from the number they wrote to. Its id is derived from
    /// the inbound message, so handling that message again sends nothing new.
    /// </summary>
    public SendSms ReplyTo(InboundSmsReceived inbound, string customerNumber, KeywordIntent intent, DateTimeOffset requestedAt) => new()
    {
        MessageId = MessageIds.Derive(inbound.MessageId, Purpose),
        To = customerNumber,
        From = inbound.To,
        Text = TextFor(intent),
        Category = SmsCategory.Compliance,
        Origin = SmsOrigin.Compliance,
        InReplyTo = inbound.MessageId,
        RequestedAt = requestedAt,
    };
}
