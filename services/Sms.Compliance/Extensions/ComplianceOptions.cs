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
    /// Brands by name, each with its sending numbers (<c>Compliance:Brands:acme:Numbers:0</c>, …). A customer's
    /// opt-out through any number of a brand covers every number of that brand; numbers no brand names belong to
    /// <see cref="Scope"/>.
    /// </summary>
    public Dictionary<string, BrandOptions> Brands { get; set; } = new(StringComparer.Ordinal);

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

    /// <summary>The brand's reply texts (<c>Compliance:Brands:{brand}:Replies:Help</c>, …); a text left out is the deployment's.</summary>
    public BrandReplyOptions? Replies { get; set; }

    /// <summary>The brand's double opt-in for marketing (<c>Compliance:Brands:{brand}:DoubleOptIn:Enabled</c>, …); a value left out is the deployment's.</summary>
    public DoubleOptInOptions? DoubleOptIn { get; set; }
}

/// <summary>A brand's own reply texts; each one left out (null) is the deployment's (<see cref="ReplyOptions"/>).</summary>
public sealed class BrandReplyOptions
{
    public string? OptOut { get; set; }

    public string? OptIn { get; set; }

    public string? Help { get; set; }
}

/// <summary>
/// The texts sent back to keywords, from <c>Compliance:Replies:*</c>, for every brand without its own
/// (<see cref="BrandOptions.Replies"/>). <c>{ProgramName}</c> and <c>{SupportContact}</c> are replaced by the configured
/// values (the brand's, else the deployment's). Checked at startup: at most <see cref="MaxLength"/> characters each, and
/// the help text must say <see cref="OptOutKeywordInHelp"/>.
/// </summary>
public sealed class ReplyOptions
{
    public const string Section = "Compliance:Replies";

    /// <summary>The longest reply allowed, after the placeholders are filled in: ten concatenated SMS of GSM-7.</summary>
    public const int MaxLength = 1600;

    /// <summary>The keyword every help text must name, so the customer learns how to opt out.</summary>
    public const string OptOutKeywordInHelp = "STOP";

    [Required]
    public string OptOut { get; set; } =
        "{ProgramName}: You have been unsubscribed and will receive no further messages. Reply START to resubscribe.";

    [Required]
    public string OptIn { get; set; } =
        "{ProgramName}: You are subscribed again. Msg frequency varies. Msg&data rates may apply. Reply HELP for help, STOP to opt out.";

    [Required]
    public string Help { get; set; } =
        "{ProgramName}: For help contact {SupportContact}. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out.";
}
