extern alias libphonenumber;
using System.Text;
using Sms.ServiceDefaults.Numbers;
using NumberParseException = libphonenumber::PhoneNumbers.NumberParseException;
using PhoneNumber = libphonenumber::PhoneNumbers.PhoneNumber;
using PhoneNumberFormat = libphonenumber::PhoneNumbers.PhoneNumberFormat;
using PhoneNumberUtil = libphonenumber::PhoneNumbers.PhoneNumberUtil;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Numbers;

/// <summary>What kind of address a carrier's number turned out to be.</summary>
public enum AddressKind
{
    /// <summary>A phone number libphonenumber knows as valid; <see cref="InboundAddress.Value"/> is its E.164 form.</summary>
    ValidNumber,

    /// <summary>
    /// Shaped like a phone number (E.164 after normalising) but not valid by libphonenumber's data for its country: a
    /// reserved range (UK drama numbers +447700900xxx), a range newer than the data, a carrier's test number. Kept, in
    /// E.164, rather than refused: a customer's message is never dropped because the data does not know the range.
    /// </summary>
    UnverifiedNumber,

    /// <summary>Not a phone number: a short code (<c>88888</c>) or an alphanumeric sender id (<c>ACME</c>), kept trimmed as given.</summary>
    NotANumber,
}

/// <summary>A carrier's number as the platform keeps it.</summary>
public sealed record InboundAddress(string Value, AddressKind Kind)
{
    public bool IsPhoneNumber => Kind != AddressKind.NotANumber;
}

/// <summary>
/// The one place the ingress turns a number from a carrier into the platform's spelling, E.164, with libphonenumber;
/// every webhook (Vonage SMS API, Vonage Messages API, Twilio) goes through it. Pure: no I/O.
/// </summary>
/// <remarks>
/// <para>The rules, in order:</para>
/// <list type="number">
/// <item>Letters make it a sender id, and fewer than 7 digits a short code: kept trimmed as given (<see cref="AddressKind.NotANumber"/>).</item>
/// <item>With <c>+</c> or <c>00</c>, or digits alone (Vonage's <c>msisdn</c> is international without <c>+</c>), it is
/// read as an international number. Valid there: done.</item>
/// <item>Otherwise, when a default region is configured (<c>Ingress:DefaultRegion</c>, e.g. <c>GB</c>), it is read as a
/// national number of that region (<c>07700 900123</c>). Valid there: done. International first, because every carrier
/// we speak sends international numbers; a national reading only rescues what is not one.</item>
/// <item>Not valid either way but readable as a number (it has a country code and a plausible length): kept in the E.164
/// form libphonenumber gives it (<see cref="AddressKind.UnverifiedNumber"/>), never dropped.</item>
/// <item>Anything else (no country code can be read, longer than E.164 allows) is <see cref="AddressKind.NotANumber"/>,
/// kept as given; a webhook whose customer number is that is refused with a 400 that says why.</item>
/// </list>
/// </remarks>
public sealed class InboundNumbers
{
    /// <summary>Fewer digits than this is a short code, not a phone number (E.164's shortest numbers have 7).</summary>
    private const int MinimumDigits = 7;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Without a default region: only international numbers are phone numbers.</summary>
    public static InboundNumbers International { get; } = new(null);

    /// <param name="defaultRegion">ISO 3166 region for national numbers (<c>GB</c>, <c>US</c>), or null for none.</param>
    public InboundNumbers(string? defaultRegion)
    {
        if (!string.IsNullOrWhiteSpace(defaultRegion) && !IsKnownRegion(defaultRegion))
            throw new ArgumentException($"'{defaultRegion}' is not a region libphonenumber knows (an ISO 3166 code such as GB or US).", nameof(defaultRegion));
        DefaultRegion = string.IsNullOrWhiteSpace(defaultRegion) ? null : defaultRegion.Trim().ToUpperInvariant();
    }

    public string? DefaultRegion { get; }

    /// <summary>True when libphonenumber has numbering data for the region (e.g. <c>GB</c>).</summary>
    public static bool IsKnownRegion(string region) => Util.GetSupportedRegions().Contains(region.Trim().ToUpperInvariant());

    public InboundAddress Normalise(string raw)
    {
        var trimmed = raw.Trim();
        var compact = Compact(trimmed);
        if (compact is null) return new InboundAddress(trimmed, AddressKind.NotANumber);

        var digits = compact.StartsWith('+') ? compact[1..] : compact.StartsWith("00", StringComparison.Ordinal) ? compact[2..] : compact;
        if (digits.Length < MinimumDigits) return new InboundAddress(trimmed, AddressKind.NotANumber);
        var national = !compact.StartsWith('+') && !compact.StartsWith("00", StringComparison.Ordinal);

        var international = TryParse("+" + digits, null);
        if (international is not null && Util.IsValidNumber(international)) return Phone(international, AddressKind.ValidNumber);

        var regional = national && DefaultRegion is not null ? TryParse(compact, DefaultRegion) : null;
        if (regional is not null && Util.IsValidNumber(regional)) return Phone(regional, AddressKind.ValidNumber);

        // Not valid for its region: kept in the best E.164 form there is (see the remarks).
        foreach (var candidate in new[] { international, regional })
        {
            if (candidate is not null && Phone(candidate, AddressKind.UnverifiedNumber) is { } best && PhoneNumbers.IsE164(best.Value))
                return best;
        }
        return PhoneNumbers.Normalise(trimmed) is { } shaped
            ? new InboundAddress(shaped, AddressKind.UnverifiedNumber)
            : new InboundAddress(trimmed, AddressKind.NotANumber);
    }

    private static InboundAddress Phone(PhoneNumber number, AddressKind kind) => new(Util.Format(number, PhoneNumberFormat.E164), kind);

    private static PhoneNumber? TryParse(string text, string? region)
    {
        try
        {
            return Util.Parse(text, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The number without spaces, dashes, dots and parentheses; null when anything else but digits and a leading <c>+</c> is left.</summary>
    private static string? Compact(string value)
    {
        var compact = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '-' or '(' or ')' or '.' || char.IsWhiteSpace(c)) continue;
            if (c == '+' && compact.Length == 0) { compact.Append(c); continue; }
            if (!char.IsAsciiDigit(c)) return null;
            compact.Append(c);
        }
        return compact.Length == 0 ? null : compact.ToString();
    }
}

/// <summary>How the webhook parsers read a customer's number.</summary>
public static class CarrierNumbers
{
    /// <summary>
    /// The customer's number in E.164, or null with an error (that does not echo the number) when it is not a phone
    /// number: the platform keys consent, sessions and threads by the customer's phone number, and a customer cannot be
    /// answered at a short code or a sender id. Numbers libphonenumber does not know as valid are kept (see <see cref="InboundNumbers"/>).
    /// </summary>
    public static string? Customer(InboundNumbers numbers, string name, string value, List<FieldError> errors)
    {
        var address = numbers.Normalise(value);
        if (address.IsPhoneNumber) return address.Value;
        errors.Add(new FieldError(name, $"'{name}' is not an international phone number."));
        return null;
    }

    /// <summary>
    /// Our own number or sender id as a carrier reports it: E.164 when it is a phone number, else trimmed as given (a
    /// sender id such as <c>ACME</c>); null when absent. Never refused: it only says which brand sent.
    /// </summary>
    public static string? Ours(InboundNumbers numbers, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : numbers.Normalise(value).Value;
}
