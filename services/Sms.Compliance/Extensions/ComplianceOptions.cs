using System.ComponentModel.DataAnnotations;

namespace Sms.Compliance.Extensions;

/// <summary>The compliance program of this deployment, from <c>Compliance:*</c> (environment: <c>Compliance__Scope</c>, …).</summary>
public sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>
    /// The brand or program consent is recorded for. One per deployment for now: an opt-out covers every number
    /// this deployment sends from.
    /// </summary>
    [Required] public string Scope { get; set; } = "default";

    /// <summary>The program's name as customers know it; starts every compliance reply.</summary>
    [Required] public string ProgramName { get; set; } = "";

    /// <summary>Where customers get help (a phone number, an address or a web page); named in the help reply.</summary>
    [Required] public string SupportContact { get; set; } = "";

    /// <summary>
    /// The language (<c>en</c>, <c>es</c>, <c>fr</c>, <c>de</c>, <c>pt</c>, <c>it</c>, or one given texts under
    /// <c>Compliance:Replies:Languages</c>) of the replies to a message that shows no language of its own: a keyword every
    /// market uses (STOP, START, HELP, INFO) or a configured word no lexicon knows. <see cref="ReplyOptions.OptOut"/>
    /// and its siblings are in this language. A brand may have its own (<see cref="BrandOptions.Language"/>).
    /// </summary>
    [Required] public string Language { get; set; } = "en";

    /// <summary>
    /// Brands by name, each with its sending numbers (<c>Compliance:Brands:acme:Numbers:0</c>, …). A customer's
    /// opt-out through any number of a brand covers every number of that brand; numbers no brand names belong to
    /// <see cref="Scope"/>.
    /// </summary>
    public Dictionary<string, BrandOptions> Brands { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Places with marketing rules of their own (<c>Compliance:Regions:US-FL:QuietHoursStart</c>, …), changing or adding
    /// to those shipped (<see cref="Consent.DefaultRegions"/>): see <see cref="RegionOptions"/>.
    /// </summary>
    public Dictionary<string, RegionOptions> Regions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Delivery-receipt error codes that mean the recipient opted out at the carrier, as <c>provider:code</c>
    /// (<c>Compliance:CarrierOptOutCodes:0</c>, …); when not configured, <c>vonage:9</c>, <c>vonage:1240</c> and <c>twilio:21610</c>.
    /// </summary>
    public string[]? CarrierOptOutCodes { get; set; }

    /// <summary>
    /// Error codes with which a carrier refuses a send because the recipient opted out, as <c>provider:code</c>
    /// (<c>Compliance:CarrierOptOutSendCodes:0</c>, …); when not configured, <c>twilio:21610</c>. A list of its own:
    /// a carrier's send errors need not share its receipts' codes (Vonage's send status 9 is a quota violation).
    /// </summary>
    public string[]? CarrierOptOutSendCodes { get; set; }

    /// <summary>
    /// The number (or sender id) a send that names no <c>From</c> goes out from. Such a send is decided in this
    /// sender's brand. When not configured, the one Outbound sends with (<see cref="OutboundDefaultSender"/>); when
    /// neither is set, such sends are decided in <see cref="Scope"/>.
    /// </summary>
    public string? DefaultSender { get; set; }

    /// <summary>
    /// How often marketing held for a pending review (a message that may have asked to stop) is checked again; a
    /// decision on the review releases it at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReviewRecheckInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The default sender of the carrier Outbound sends a message without <c>From</c> through: <c>{provider}:DefaultFrom</c>
    /// of <c>Carriers:DefaultProvider</c> (Vonage unless configured), e.g. <c>Vonage:DefaultFrom</c>. Null when not set.
    /// </summary>
    public static string? OutboundDefaultSender(IConfiguration configuration)
    {
        var provider = configuration["Carriers:DefaultProvider"];
        if (string.IsNullOrWhiteSpace(provider)) provider = "Vonage";
        var sender = configuration[$"{provider.Trim()}:DefaultFrom"];
        return string.IsNullOrWhiteSpace(sender) ? null : sender;
    }
}

/// <summary>
/// One brand's sending numbers (E.164) or alphanumeric sender ids, and what it has of its own: keyword sets, program
/// name, support contact, reply texts. Whatever a brand leaves out is the deployment's.
/// </summary>
public sealed class BrandOptions
{
    public string[] Numbers { get; set; } = [];

    /// <summary>The brand's keyword sets (<c>Compliance:Brands:{brand}:Keywords:OptOut:0</c>, …); a set left out is the deployment's.</summary>
    public KeywordOptions? Keywords { get; set; }

    /// <summary>The brand's program name in its replies (<c>{ProgramName}</c>); else <see cref="ComplianceOptions.ProgramName"/>.</summary>
    public string? ProgramName { get; set; }

    /// <summary>The brand's support contact in its replies (<c>{SupportContact}</c>); else <see cref="ComplianceOptions.SupportContact"/>.</summary>
    public string? SupportContact { get; set; }

    /// <summary>
    /// The language of the brand's replies to a message that shows none (<c>Compliance:Brands:{brand}:Language</c>);
    /// else <see cref="ComplianceOptions.Language"/>. The brand's <see cref="BrandReplyOptions.OptOut"/> and its
    /// siblings are in this language.
    /// </summary>
    public string? Language { get; set; }

    /// <summary>
    /// The brand's reply texts (<c>Compliance:Brands:{brand}:Replies:Help</c>, and per language
    /// <c>Compliance:Brands:{brand}:Replies:Languages:de:Help</c>, …); a text left out is the deployment's (see
    /// <see cref="ReplyOptions"/> for the order in which one is found).
    /// </summary>
    public BrandReplyOptions? Replies { get; set; }

    /// <summary>The brand's double opt-in for marketing (<c>Compliance:Brands:{brand}:DoubleOptIn:Enabled</c>, …); a value left out is the deployment's.</summary>
    public DoubleOptInOptions? DoubleOptIn { get; set; }

    /// <summary>The brand's marketing frequency caps (<c>Compliance:Brands:{brand}:FrequencyCaps:Rules:0:Messages</c>, …); a value left out is the deployment's.</summary>
    public FrequencyCapOptions? FrequencyCaps { get; set; }

    /// <summary>The brand's daily message budget (<c>Compliance:Brands:{brand}:DailyBudget:Messages</c>, …); a value left out is the deployment's.</summary>
    public DailyBudgetOptions? DailyBudget { get; set; }
}

/// <summary>
/// A brand's own reply texts: <see cref="ReplyTexts.OptOut"/> and its siblings in the brand's language
/// (<see cref="BrandOptions.Language"/>), and texts per language in <see cref="Languages"/>. Each one left out (null) is
/// the deployment's (<see cref="ReplyOptions"/>).
/// </summary>
public sealed class BrandReplyOptions : ReplyTexts
{
    /// <summary>Texts per language (<c>Compliance:Brands:{brand}:Replies:Languages:es:OptOut</c>, …), keyed by language code.</summary>
    public Dictionary<string, ReplyTexts> Languages { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The three replies of one language (or of a brand), each one left out (null) found further on.</summary>
public class ReplyTexts
{
    /// <summary>The confirmation of an opt-out.</summary>
    public string? OptOut { get; set; }

    /// <summary>The confirmation of an opt-in.</summary>
    public string? OptIn { get; set; }

    /// <summary>The answer to a help keyword; it must name an opt-out keyword (see <see cref="ReplyOptions"/>).</summary>
    public string? Help { get; set; }
}

/// <summary>
/// The texts sent back to keywords, from <c>Compliance:Replies:*</c>, for every brand without its own
/// (<see cref="BrandOptions.Replies"/>): <see cref="ReplyTexts.OptOut"/> and its siblings are in the deployment's language
/// (<see cref="ComplianceOptions.Language"/>), <see cref="Languages"/> holds texts per language. Each text left out is
/// the built-in one of its language (<c>Keywords/DefaultReplies.cs</c>: en, es, fr, de, pt, it).
/// <para>
/// A reply is in the language the customer wrote in (the recogniser's reading), else in the brand's
/// (<see cref="BrandOptions.Language"/>, else <see cref="ComplianceOptions.Language"/>). One text in language L for
/// brand B is the first of: B's text for L (<c>Compliance:Brands:B:Replies:Languages:L:OptOut</c>); B's own text when L
/// is B's language (<c>Compliance:Brands:B:Replies:OptOut</c>); the deployment's text for L
/// (<c>Compliance:Replies:Languages:L:OptOut</c>); the deployment's own text when L is the deployment's language
/// (<c>Compliance:Replies:OptOut</c>); the built-in text of L. A language with none of these (one no text is given for)
/// is answered in B's language, then in the deployment's, found the same way. So a brand that words its English replies
/// still answers a German customer in German (the built-in texts) until it words German ones too.
/// </para>
/// <para>
/// <c>{ProgramName}</c> and <c>{SupportContact}</c> are replaced by the configured values (the brand's, else the
/// deployment's). Checked at startup for every brand and every language a reply can be in: at most
/// <see cref="MaxLength"/> characters each, and the help text must name, as a word, one of the opt-out keywords of the
/// brand it answers for (its <c>Keywords:OptOut</c>, else the deployment's, else the default set with STOP): a customer
/// told to reply a word that does not opt them out could not act on it.
/// </para>
/// </summary>
public sealed class ReplyOptions : ReplyTexts
{
    public const string Section = "Compliance:Replies";

    /// <summary>The longest reply allowed, after the placeholders are filled in: ten concatenated SMS of GSM-7.</summary>
    public const int MaxLength = 1600;

    /// <summary>Texts per language (<c>Compliance:Replies:Languages:de:OptOut</c>, …), keyed by language code.</summary>
    public Dictionary<string, ReplyTexts> Languages { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
