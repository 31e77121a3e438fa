using System.Globalization;
using System.Text;

namespace Sms.Fuzz.Tests.Generation;

/// <summary>
/// The one source of randomness of a fuzz run, seeded, so a run's requests are the same every time its seed is given
/// again (<c>SMS_FUZZ_SEED</c>). Knows the hostile atoms every generator draws from: texts with NUL, control
/// characters, unpaired surrogates, huge lengths; absurd numbers and dates; injection attempts.
/// </summary>
public sealed class Chaos(int seed, DateTimeOffset now)
{
    private readonly Random random = new(seed);

    public Chaos(int seed) : this(seed, DateTimeOffset.UtcNow)
    {
    }

    public int Seed { get; } = seed;

    /// <summary>The run's clock, read once: dates in requests are relative to it, so a seed repeats them exactly.</summary>
    public DateTimeOffset Now { get; } = now;

    public int Below(int max) => random.Next(max);

    public int Between(int min, int maxExclusive) => random.Next(min, maxExclusive);

    public bool Chance(double probability) => random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public Guid Guid()
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    public string Digits(int count)
    {
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++) builder.Append((char)('0' + random.Next(10)));
        return builder.ToString();
    }

    /// <summary>A UK mobile number in the range the E2E tests use (+447700 9xxxxx): valid E.164, never a real customer.</summary>
    public string CustomerNumber() => "+4477009" + Digits(6);

    public static readonly string[] Injections =
    [
        "' OR 1=1 --", "\"; DROP TABLE conversations; --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}",
        "{{7*7}}", "%s%s%s%n", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%00", "\\u0000", "null", "undefined",
        "NaN", "Infinity", "true", "[]", "{}", "\r\nX-Injected: fuzz", "%0d%0aX-Injected:%20fuzz", "*", "?", "#", "&", "=",
        "$where", "{\"$gt\":\"\"}", "\\", "//", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
    ];

    public static readonly string[] Numbers =
    [
        "+447700900123", "+", "+0", "00447700900123", "447700900123", "+44 7700 900123", "+999999999999999999999", "-1", "0",
        "1e309", "9223372036854775808", "-9223372036854775809", "0x10", "1.5", "+15550100000", "+1555010000", "88888", "ACME",
        "+4477009001231234567890", "+٤٤٧٧٠٠٩٠٠١٢٣", "+447700900123\0", "+447700900123;ext=1", "tel:+447700900123",
    ];

    public static readonly string[] Dates =
    [
        "0001-01-01", "9999-12-31T23:59:59Z", "2025-02-30", "2025-13-01", "0000-00-00", "-0001-01-01", "2025-01-01T25:61:61",
        "1970-01-01T00:00:00+14:01", "10000-01-01", "today", "P1D", "2025-06-01T00:00:00Z", "2025-06-01", "1", "-62135596800",
        "253402300800", "9999-12-31", "0001-01-01T00:00:00Z", "2025-06-01T00:00:00.0000000001Z", "2025-W01-1", "1e10",
    ];

    public static readonly string[] TimeZones =
    [
        "Europe/London", "Etc/GMT+14", "Etc/GMT-14", "../../etc/localtime", "UTC", "Mars/Olympus", "America/Argentina/ComodRivadavia",
        "Europe/London\0", "+14:00", "EST5EDT", "posixrules", "Factory", "/etc/passwd",
    ];

    /// <summary>A text meant to break a parser, a validator, a column or a page.</summary>
    public string HostileText()
    {
        switch (random.Next(16))
        {
            case 0: return "";
            case 1: return Repeat(() => Pick([" ", "\t", "\r", "\n", "\u00A0", "\u2028", "\u3000", "\u200B"]), Between(1, 20));
            case 2: return "a\0b" + (Chance(0.5) ? "\0" : "");
            case 3: return Repeat(() => ((char)Pick([Between(1, 0x20), 0x7F, Between(0x80, 0xA0)])).ToString(), Between(1, 12));
            case 4: return Pick(["\uD83D", "\uDE00", "x\uDE00\uD83Dy", "\uD800\uD800", "ok\uDBFF"]);
            case 5: return Pick(["👍", "👨‍👩‍👧‍👦", "🇬🇧🇫🇷", "🏳️‍🌈", "❤️", "😀😃😄😁😆"]) + Pick(["", " yes", "STOP"]);
            case 6: return "e" + new string('\u0301', Between(1, 300));
            case 7: return Pick(["\u202Eevil", "\uFEFFbom", "a\u200Bb", "\u2066x\u2069", "\uFFFE\uFFFF", "\U0010FFFF", "\uE000"]);
            case 8: return new string(Pick(['a', 'é', '€', '字']), Pick([161, 1_601, 10_000, 70_000, 1_100_000]));
            case 9: return Pick(Injections);
            case 10: return Pick(Numbers);
            case 11: return Pick(Dates);
            case 12: return Repeat(() => char.ConvertFromUtf32(RandomScalar()), Between(1, 30));
            case 13: return Repeat(() => ((char)Between(0x20, 0x7F)).ToString(), Between(1, 60));
            case 14: return Pick(TimeZones);
            default: return HostileText() + HostileText();
        }
    }

    private int RandomScalar()
    {
        var value = Pick([Between(0, 0x80), Between(0x80, 0x800), Between(0x800, 0xD800), Between(0xE000, 0x10000), Between(0x10000, 0x110000)]);
        return value;
    }

    public string Repeat(Func<string> part, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++) builder.Append(part());
        return builder.ToString();
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
