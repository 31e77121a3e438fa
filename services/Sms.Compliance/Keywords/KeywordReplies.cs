using Sms.Compliance.Extensions;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Keywords;

/// <summary>
/// The reply to a keyword: confirmation of an opt-out or opt-in, or the help text, in the words of the brand the
/// customer wrote to (<see cref="BrandOptions.Replies"/>, program name and support contact), each one the brand leaves
/// out being the deployment's (<see cref="ReplyOptions"/>). Pure.
/// </summary>
public sealed class KeywordReplies
{
    /// <summary>The purpose the reply's id is derived for, from the inbound message's id.</summary>
    public const string Purpose = "compliance-reply";

    private readonly Texts _default;
    private readonly Dictionary<string, Texts> _byBrand = new(StringComparer.Ordinal);

    public KeywordReplies(ComplianceOptions program, ReplyOptions replies)
    {
        _default = Texts.For(program, brand: null, replies);
        foreach (var (name, brand) in program.Brands)
            _byBrand[name] = Texts.For(program, brand, replies);
    }

    /// <param name="intent">The keyword's intent.</param>
    /// <param name="scope">The brand (consent scope) the customer wrote to; null or a scope with no brand: the deployment's texts.</param>
    public string TextFor(KeywordIntent intent, string? scope = null)
    {
        var texts = scope is not null && _byBrand.TryGetValue(scope, out var brand) ? brand : _default;
        return intent switch
        {
            KeywordIntent.OptOut => texts.OptOut,
            KeywordIntent.OptIn => texts.OptIn,
            KeywordIntent.Help => texts.Help,
            _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, "Only keywords are answered."),
        };
    }

    /// <summary>
    /// The reply to <paramref name="inbound"/>: to the customer, from the number they wrote to, in the words of
    /// <paramref name="scope"/>. Its id is derived from the inbound message, so handling that message again sends
    /// nothing new.
    /// </summary>
    public SendSms ReplyTo(InboundSmsReceived inbound, string customerNumber, KeywordIntent intent, DateTimeOffset requestedAt, string? scope = null) =>
        Compose(MessageIds.Derive(inbound.MessageId, Purpose), customerNumber, inbound.To, TextFor(intent, scope), inbound.MessageId, requestedAt);

    /// <summary>
    /// A message of Compliance's own to the customer (category and origin Compliance, so it reaches even an opted-out
    /// number and never carries marketing), answering <paramref name="inReplyTo"/>.
    /// </summary>
    public static SendSms Compose(Guid messageId, string to, string from, string text, Guid inReplyTo, DateTimeOffset requestedAt) => new()
    {
        MessageId = messageId,
        To = to,
        From = from,
        Text = text,
        Category = SmsCategory.Compliance,
        Origin = SmsOrigin.Compliance,
        InReplyTo = inReplyTo,
        RequestedAt = requestedAt,
    };

    /// <summary>
    /// What is wrong with the configured replies, one sentence each naming the setting: a reply longer than
    /// <see cref="ReplyOptions.MaxLength"/> once filled in, or a help text that does not say
    /// <see cref="ReplyOptions.OptOutKeywordInHelp"/>. Empty when the service may start.
    /// </summary>
    public static IReadOnlyList<string> Problems(ComplianceOptions program, ReplyOptions replies)
    {
        var problems = new List<string>();
        Check(Texts.For(program, brand: null, replies), brandName: null, own: null);
        foreach (var (name, brand) in program.Brands)
            Check(Texts.For(program, brand, replies), name, brand.Replies);
        return problems.Distinct(StringComparer.Ordinal).ToList();

        void Check(Texts texts, string? brandName, BrandReplyOptions? own)
        {
            foreach (var (reply, text, ownText) in new[]
                     {
                         ("OptOut", texts.OptOut, own?.OptOut), ("OptIn", texts.OptIn, own?.OptIn), ("Help", texts.Help, own?.Help),
                     })
            {
                // Reported under the key that holds the text: the brand's own, else the deployment's it inherits.
                var key = brandName is not null && ownText is not null
                    ? $"{ComplianceOptions.Section}:Brands:{brandName}:Replies:{reply}"
                    : $"{ReplyOptions.Section}:{reply}";
                var filledFor = brandName is not null && ownText is null ? $" (filled in for brand {brandName})" : "";
                if (text.Length > ReplyOptions.MaxLength)
                    problems.Add($"{key}{filledFor} is {text.Length} characters long; a reply may have at most {ReplyOptions.MaxLength}.");
                if (reply == "Help" && !text.Contains(ReplyOptions.OptOutKeywordInHelp, StringComparison.OrdinalIgnoreCase))
                    problems.Add($"{key} must tell the customer how to opt out: it has to contain \"{ReplyOptions.OptOutKeywordInHelp}\" (e.g. \"Reply STOP to opt out.\").");
            }
        }
    }

    /// <summary>The three replies of one brand (or the deployment), placeholders filled in.</summary>
    private sealed record Texts(string OptOut, string OptIn, string Help)
    {
        public static Texts For(ComplianceOptions program, BrandOptions? brand, ReplyOptions replies)
        {
            var programName = brand?.ProgramName ?? program.ProgramName;
            var supportContact = brand?.SupportContact ?? program.SupportContact;
            return new Texts(
                Fill(brand?.Replies?.OptOut ?? replies.OptOut),
                Fill(brand?.Replies?.OptIn ?? replies.OptIn),
                Fill(brand?.Replies?.Help ?? replies.Help));

            string Fill(string template) => template
                .Replace("{ProgramName}", programName, StringComparison.Ordinal)
                .Replace("{SupportContact}", supportContact, StringComparison.Ordinal);
        }
    }
}
