namespace Sms.Conversations.Attachments;

/// <summary>What a fetched or uploaded attachment is: kept with its content type, or refused and why.</summary>
public sealed record MediaVerdict(bool Accepted, string? ContentType, string? Reason)
{
    public static MediaVerdict Keep(string contentType) => new(true, contentType, null);

    public static MediaVerdict Refuse(string reason) => new(false, null, reason);

    /// <summary>Whether the inbox shows it inline (a picture) or as a download link.</summary>
    public bool IsImage => ContentType is not null && MediaCheck.IsImage(ContentType);
}

/// <summary>
/// Decides whether an attachment is kept: no larger than the cap, of an allowed content type, and for pictures and PDFs
/// the bytes are what they claim to be (their magic bytes), since the inbox shows pictures inline and a browser must
/// never be handed HTML or script labelled as a picture. A carrier that names no type (Vonage's Messages API) gets the
/// type the bytes show. Pure.
/// </summary>
public static class MediaCheck
{
    public static readonly IReadOnlyList<string> DefaultAllowed =
        ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf", "text/plain", "text/vcard", "text/x-vcard"];

    /// <summary>The pictures agents may send (what Twilio sends as MMS everywhere).</summary>
    public static readonly IReadOnlyList<string> SendableImages = ["image/jpeg", "image/png", "image/gif"];

    public static bool IsImage(string contentType) => contentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>
    /// The verdict on <paramref name="content"/> announced as <paramref name="declaredType"/> (the HTTP answer's or the
    /// carrier's; null or <c>application/octet-stream</c> when unknown).
    /// </summary>
    public static MediaVerdict Check(string? declaredType, ReadOnlySpan<byte> content, long maxBytes, IEnumerable<string> allowed)
    {
        if (content.Length > maxBytes) return MediaVerdict.Refuse($"larger than {maxBytes} bytes");
        if (content.Length == 0) return MediaVerdict.Refuse("empty");

        var declared = Normalise(declaredType);
        var sniffed = Sniff(content);
        if (declared is null or "application/octet-stream" or "binary/octet-stream")
            declared = sniffed ?? declared ?? "unknown";

        var allowedTypes = allowed.Select(Normalise).Where(t => t is not null).ToHashSet(StringComparer.Ordinal);
        if (!allowedTypes.Contains(declared)) return MediaVerdict.Refuse($"content type {Shorten(declared)} is not allowed");

        // A picture or a PDF must be one: a type named only by the sender is not trusted for what a browser renders.
        if (IsImage(declared) || declared == "application/pdf")
        {
            if (sniffed is null) return MediaVerdict.Refuse($"the content is not the {declared} it claims to be");
            if (IsImage(declared) != IsImage(sniffed) || (!IsImage(declared) && sniffed != declared))
                return MediaVerdict.Refuse($"the content is {sniffed}, not the {declared} it claims to be");
            return MediaVerdict.Keep(sniffed);
        }
        return MediaVerdict.Keep(declared);
    }

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The type the magic bytes show: JPEG, PNG, GIF, WebP or PDF; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Jpeg)) return "image/jpeg";
        if (content.StartsWith(Png)) return "image/png";
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return "image/gif";
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (content.StartsWith("%PDF-"u8)) return "application/pdf";
        return null;
    }

    /// <summary>A file name for the download: the attachment's id and the type's usual extension.</summary>
    public static string FileName(Guid id, string contentType) => $"attachment-{id.ToString("N")[..8]}{Extension(contentType)}";

    private static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "text/vcard" or "text/x-vcard" => ".vcf",
        _ => "",
    };

    /// <summary><c>Image/JPEG; charset=x</c> → <c>image/jpeg</c>; null when empty.</summary>
    public static string? Normalise(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var type = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
        return type.Length == 0 ? null : type;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
