using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sms.ServiceDefaults.Security;

/// <summary>
/// The code of a tracked link, <c>{Campaigns:TrackedLinkBase}{code}</c>: which of a campaign's links a recipient
/// followed, written by Campaigns into each recipient's text and read by Ingress when the link is opened (README, "Link
/// clicks"). Base64url of
/// <list type="bullet">
/// <item>the link's id (Campaigns' <c>campaigns.links</c>), as an unsigned LEB128 varint (1–9 bytes);</item>
/// <item>the recipient's key: the first 8 bytes of their message id for the campaign (<see cref="RecipientKey"/>), so
/// no number is in a link that gets forwarded or logged;</item>
/// <item>the first <see cref="MacBytes"/> bytes of an HMAC-SHA256 of the above, keyed by <see cref="KeySetting"/>
/// (shared by Campaigns and Ingress): nobody can make up a code that counts a click for a recipient.</item>
/// </list>
/// 23 characters for the first two million links. Pure: no clock, no I/O.
/// </summary>
public static class TrackedLinkCode
{
    /// <summary>The signing key Campaigns and Ingress share. Unset: Campaigns sends links as written, and Ingress serves no tracked link.</summary>
    public const string KeySetting = "Links:SigningKey";

    /// <summary>How much of the signature a code carries: 48 bits, a guess in 2^48 per try.</summary>
    public const int MacBytes = 6;

    private const int RecipientBytes = 8;

    /// <summary>The longest code of a link id up to <see cref="int.MaxValue"/>.</summary>
    public static readonly int LongestLength = Length(int.MaxValue);

    /// <summary>The longest text read as a code (a 9-byte varint): anything longer is refused before it is decoded.</summary>
    public static readonly int MaxLength = Base64Url.GetEncodedLength(9 + RecipientBytes + MacBytes);

    /// <summary>How long the code of link <paramref name="linkId"/> is (every recipient's the same): 20 characters up to link 127, 22 up to 16,383, 23 up to 2,097,151.</summary>
    public static int Length(long linkId) => Base64Url.GetEncodedLength(VarintLength((ulong)Math.Max(1, linkId)) + RecipientBytes + MacBytes);

    /// <summary>A recipient's key: the first 16 hexadecimal digits of their message id, as PostgreSQL and <see cref="Guid.ToString()"/> write it.</summary>
    public static string RecipientKey(Guid messageId) => messageId.ToString("N")[..(RecipientBytes * 2)];

    /// <summary>The code of link <paramref name="linkId"/> for the recipient whose message id is <paramref name="messageId"/>.</summary>
    public static string Issue(long linkId, Guid messageId, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(linkId);
        var payload = new byte[VarintLength((ulong)linkId) + RecipientBytes];
        var length = WriteVarint(payload, (ulong)linkId);
        messageId.ToByteArray(bigEndian: true).AsSpan(0, RecipientBytes).CopyTo(payload.AsSpan(length));
        return Base64Url.EncodeToString([.. payload, .. Sign(payload, key)]);
    }

    /// <summary>
    /// The link and recipient of <paramref name="code"/> when it is well formed and signed with <paramref name="key"/>;
    /// null otherwise (garbage, a code of another key, a changed character). The signature is compared in fixed time.
    /// </summary>
    public static TrackedLinkReading? Read(string? code, string key)
    {
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(code) || code.Length > MaxLength) return null;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(code);
        }
        catch (FormatException)
        {
            return null;
        }
        if (!TryReadVarint(bytes, out var linkId, out var length) || linkId is 0 or > long.MaxValue) return null;
        if (bytes.Length != length + RecipientBytes + MacBytes) return null;
        var payload = bytes.AsSpan(0, length + RecipientBytes);
        if (!CryptographicOperations.FixedTimeEquals(bytes.AsSpan(payload.Length), Sign(payload, key))) return null;
        if (Base64Url.EncodeToString(bytes) != code) return null; // one code per link and recipient: no second spelling
        return new TrackedLinkReading((long)linkId, Convert.ToHexStringLower(payload[length..]));
    }

    /// <summary>The message ids a <see cref="RecipientKey"/> stands for: every id from the first to the last, both included.</summary>
    public static (Guid First, Guid Last) MessageIdRange(string recipientKey)
    {
        if (recipientKey.Length != RecipientBytes * 2 || !ulong.TryParse(recipientKey, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _))
            throw new ArgumentException("A recipient key is 16 hexadecimal digits.", nameof(recipientKey));
        var prefix = Convert.FromHexString(recipientKey);
        return (new Guid([.. prefix, .. new byte[8]], bigEndian: true), new Guid([.. prefix, .. Enumerable.Repeat((byte)0xFF, 8)], bigEndian: true));
    }

    private static byte[] Sign(ReadOnlySpan<byte> payload, string key) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("link." + key), payload)[..MacBytes];

    private static int VarintLength(ulong value)
    {
        var length = 1;
        while ((value >>= 7) != 0) length++;
        return length;
    }

    private static int WriteVarint(Span<byte> target, ulong value)
    {
        var i = 0;
        for (; value >= 0x80; value >>= 7) target[i++] = (byte)(value | 0x80);
        target[i++] = (byte)value;
        return i;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        for (length = 0; length < Math.Min(source.Length, 9); length++)
        {
            value |= (ulong)(source[length] & 0x7F) << (7 * length);
            if ((source[length] & 0x80) == 0)
            {
                length++;
                // The shortest form only, so a link id has one code.
                return length == 1 || source[length - 1] != 0;
            }
        }
        return false;
    }
}

/// <summary>A tracked link's code, read: the link's id and the recipient's key (<see cref="TrackedLinkCode.RecipientKey"/>).</summary>
public sealed record TrackedLinkReading(long LinkId, string RecipientKey);
