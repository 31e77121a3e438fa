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
    /// (<c>Compliance:CarrierOptOutCodes:0</c>, …); when not configured, <c>vonage:9</c> and <c>twilio:21610</c>.
    /// </summary>
    public string[]? CarrierOptOutCodes { get; set; }
}

/// <summary>One brand's sending numbers (E.164) or alphanumeric sender ids, and its own keyword sets if any.</summary>
public sealed class BrandOptions
{
    public string[] Numbers { get; set; } = [];

    /// <summary>The brand's keyword sets (<c>Compliance:Brands:{brand}:Keywords:OptOut:0</c>, …); a set left out is the deployment's.</summary>
    public Keywords.KeywordOptions? Keywords { get; set; }
}

/// <summary>
/// The texts sent back to keywords, from <c>Compliance:Replies:*</c>. <c>{ProgramName}</c> and <c>{SupportContact}</c>
/// are replaced by the configured values.
/// </summary>
public sealed class ReplyOptions
{
    public const string Section = "Compliance:Replies";

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
